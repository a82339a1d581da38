/**
 * Idempotency of a submit: the `Idempotency-Key` header is hashed (the key may be anything the
 * client chose) and the request is fingerprinted so that a reused key with another body is refused.
 */
import { createHash } from 'node:crypto';
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
