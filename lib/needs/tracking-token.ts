/**
 * The resident's tracking token: shown once, at submission; only its SHA-256 is stored, so a
 * leaked table does not leak access to residents' needs.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newTrackingToken(): string {
  return randomBytes(24).toString('base64url');
}

export function hashTrackingToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function trackingTokenMatches(token: string | undefined, storedHash: string): boolean {
  if (!token) return false;
  const presented = Buffer.from(hashTrackingToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
