/**
 * Open311's api_key: the district file lists the SHA-256 of each accepted key (never a key itself,
 * so the repository holds no secret); with none listed, no key is needed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function apiKeyAccepted(key: string | undefined, acceptedSha256: readonly string[]): boolean {
  if (acceptedSha256.length === 0) return true;
  if (!key) return false;
  const digest = createHash('sha256').update(key, 'utf8').digest();
  return acceptedSha256.some((hex) => timingSafeEqual(Buffer.from(hex, 'hex'), digest));
}
