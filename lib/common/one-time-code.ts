/**
 * Six-digit one-time codes sent by SMS: partners' sign-in on the local runtime (infra/local/local-sign-in.ts)
 * and a new phone number's confirmation of its need (lib/needs/phone-confirmation.ts). Kept only as
 * an HMAC under a server secret and the code's scope (e.g. the need it confirms): a leaked table
 * does not give the code away, and six digits cannot be tried offline without the secret.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export const oneTimeCodePattern = /^\d{6}$/;

export function newOneTimeCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function oneTimeCodeHash(code: string, scope: string, secret: string): string {
  return createHmac('sha256', secret).update(`${scope}\n${code}`, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented code with the stored hash. */
export function oneTimeCodeMatches(code: string, scope: string, secret: string, storedHash: string): boolean {
  const presented = Buffer.from(oneTimeCodeHash(code, scope, secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
