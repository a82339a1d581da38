/**
 * Sign-in by mobile number and a one-time code, on one machine, as the user pool does it in the
 * cloud: POST /_local/sign-in/code sends a six-digit code by SMS (through textMessageSender(), so it
 * lands in the local outbox), POST /_local/sign-in/token exchanges it for an access token signed
 * with the local key, whose `sub` and `username` are the login's UUID, never a partner id.
 * Served by the local gateway under /_local/ only: no route of the topology, nothing in the cloud.
 *
 * A number without a login gets the same answer and no SMS (no telling who has an account). A code
 * lives five minutes and allows five tries; a number gets at most five codes in ten minutes.
 */
import { randomBytes } from 'node:crypto';
import { mainlandMobile } from '#lib/common/contact-values.ts';
import { newOneTimeCode, oneTimeCodeHash, oneTimeCodeMatches, oneTimeCodePattern } from '#lib/common/one-time-code.ts';
import { textMessageSender } from '#lib/delivery/text-message-sender.ts';
import type { LocalLogins } from './local-logins.ts';

export const codeLifetimeMs = 5 * 60_000;
export const maxTries = 5;
export const maxCodesPerWindow = 5;
export const codeWindowMs = 10 * 60_000;
const maxPendingNumbers = 10_000;

export type SignInAnswer = { status: number; body: Record<string, unknown> };

interface PendingCode {
  /** The code's HMAC under this process's key, as residents' codes are kept (lib/common/one-time-code.ts). */
  codeHash: string;
  expiresAt: number;
  tries: number;
  sentAt: number[];
}

export interface LocalSignIn {
  sendCode(body: unknown, now?: number): Promise<SignInAnswer>;
  exchangeCode(body: unknown, now?: number): Promise<SignInAnswer>;
}

export function createLocalSignIn(options: { logins: LocalLogins; issueToken: (subject: string) => Promise<string> }): LocalSignIn {
  const pending = new Map<string, PendingCode>();
  const secret = randomBytes(32).toString('base64url');

  return {
    async sendCode(body, now = Date.now()) {
      const phone = phoneOf(body);
      if (!phone) return invalid('phone', 'a mainland mobile number: 11 digits starting with 13–19');
      const previous = pending.get(phone);
      const sentAt = (previous?.sentAt ?? []).filter((at) => now - at < codeWindowMs);
      if (sentAt.length >= maxCodesPerWindow) {
        return { status: 429, body: { title: 'Too many codes', detail: 'wait ten minutes before asking for another code' } };
      }
      const login = options.logins.findByPhone(phone);
      if (login) {
        if (pending.size >= maxPendingNumbers) pending.delete(pending.keys().next().value as string);
        const code = newOneTimeCode();
        pending.set(phone, { codeHash: oneTimeCodeHash(code, phone, secret), expiresAt: now + codeLifetimeMs, tries: 0, sentAt: [...sentAt, now] });
        await textMessageSender().send({
          to: phone,
          text: `社区合伙人登录验证码：${code}，5分钟内有效。请勿告诉他人。`,
          purpose: 'signInCode',
          dedupeKey: `sign-in:${phone}:${now}`,
        });
      }
      return { status: 202, body: { sent: true, expiresInSeconds: codeLifetimeMs / 1000 } };
    },

    async exchangeCode(body, now = Date.now()) {
      const phone = phoneOf(body);
      if (!phone) return invalid('phone', 'a mainland mobile number: 11 digits starting with 13–19');
      const code = typeof (body as { code?: unknown } | null)?.code === 'string' ? (body as { code: string }).code.trim() : '';
      if (!oneTimeCodePattern.test(code)) return invalid('code', 'the six digits of the code we sent');
      const entry = pending.get(phone);
      const login = options.logins.findByPhone(phone);
      if (!entry || !login || entry.expiresAt <= now || entry.tries >= maxTries) {
        return invalid('code', 'this code has expired or was used up; ask for a new one', 'expired');
      }
      if (!oneTimeCodeMatches(code, phone, secret, entry.codeHash)) {
        entry.tries += 1;
        return invalid('code', 'this is not the code we sent', 'mismatch');
      }
      pending.delete(phone);
      return { status: 200, body: { accessToken: await options.issueToken(login.subject), tokenType: 'Bearer' } };
    },
  };
}

function phoneOf(body: unknown): string | undefined {
  const parsed = mainlandMobile.safeParse((body as { phone?: unknown } | null)?.phone);
  return parsed.success ? parsed.data : undefined;
}

function invalid(field: string, detail: string, code = 'invalid_format'): SignInAnswer {
  return { status: 400, body: { title: 'Invalid input', status: 400, errors: [{ field, pointer: `/${field}`, code, detail }] } };
}
