/**
 * Idempotency of a submit: the `Idempotency-Key` header is hashed (the key may be anything the
 * client chose) and the request is fingerprinted so that a reused key with another body is refused.
 * The replayed answer must carry the tracking token, which is never stored in clear: it is sealed
 * (AES-256-GCM) under a key derived from the Idempotency-Key itself, which only the client holds
 * (the table has its hash), so the record is useless to anyone who reads the table.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { InvalidInput } from '../common/domain-errors.ts';
import type { NeedSubmission } from './need-submission.ts';

export const idempotencyWindowHours = 24;

export function idempotencyKeyHash(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(header)) {
    throw new InvalidInput([{ field: 'Idempotency-Key', code: 'invalid_format', detail: '1 to 255 visible ASCII characters' }]);
  }
  return sha256(header);
}

export function submissionFingerprint(submission: NeedSubmission): string {
  return sha256(canonicalJson(submission));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, entry]) => entry !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function sealingKey(idempotencyKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', idempotencyKey, 'community-partners', 'tracking-token', 32));
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url. */
export function sealTrackingToken(token: string, idempotencyKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(idempotencyKey), iv);
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), sealed].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** The token, or undefined when the key is not the one it was sealed with. */
export function unsealTrackingToken(sealed: string, idempotencyKey: string): string | undefined {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(idempotencyKey), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
