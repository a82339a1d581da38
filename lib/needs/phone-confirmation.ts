/**
 * A phone number the district has not seen confirms itself with a one-time SMS code before its
 * need is matched. The need is saved at once (`awaitingConfirmation`); the resident types the code
 * on the form or the tracking page. Each code expires, allows a few tries and a new one only after
 * a cool-down; a need gets a bounded number of codes and a phone a bounded number of codes and
 * tries a day. A need never confirmed is closed, with a plain reason, after the district's limit.
 * Pure: the caller reads and writes the records (lib/data/phone-confirmations.ts).
 */
import * as z from 'zod/mini';
import { moveNeed, type Need } from './need.ts';

export const phoneConfirmationSchema = z.strictObject({
  /** How long a code is valid. */
  codeMinutes: z._default(z.int().check(z.minimum(1), z.maximum(60)), 10),
  /** Wrong tries of one code before it is used up (a new code may be asked for). */
  triesPerCode: z._default(z.int().check(z.minimum(1), z.maximum(10)), 5),
  /** Codes sent for one need: the first and the resends. */
  codesPerNeed: z._default(z.int().check(z.minimum(1), z.maximum(10)), 4),
  /** Wait before another code may be sent for the same need. */
  resendAfterSeconds: z._default(z.int().check(z.minimum(10), z.maximum(3600)), 60),
  /** Per phone number, whatever the need, in a rolling day window (a clock day in UTC). */
  codesPerPhonePerDay: z._default(z.int().check(z.minimum(1), z.maximum(100)), 10),
  triesPerPhonePerDay: z._default(z.int().check(z.minimum(1), z.maximum(200)), 30),
  /** A need whose phone is not confirmed by then is closed with a plain reason. */
  closeUnconfirmedAfterHours: z._default(z.int().check(z.minimum(1), z.maximum(24 * 14)), 24),
  /** How long a confirmed phone number counts as seen, renewed at each confirmation. */
  seenPhoneDays: z._default(z.int().check(z.minimum(1), z.maximum(3 * 365)), 365),
});

export type PhoneConfirmationSettings = z.output<typeof phoneConfirmationSchema>;

/** What is kept for a need awaiting its code: the code's hash only, never the code. */
export interface PendingCode {
  codeHash: string;
  /** When each code for this need was sent (at most codesPerNeed). */
  sentAt: string[];
  expiresAt: string;
  /** Wrong tries of the current code. */
  tries: number;
}

export type ResendDecision =
  | { allowed: true }
  | { allowed: false; reason: 'coolDown'; retryAfterSeconds: number }
  | { allowed: false; reason: 'codesUsed' };

export type TryDecision = { allowed: true } | { allowed: false; reason: 'expired' | 'triesUsed' };

const secondMs = 1000;

export function pendingCode(
  codeHash: string,
  previous: PendingCode | undefined,
  now: Date,
  settings: PhoneConfirmationSettings,
): PendingCode {
  return {
    codeHash,
    sentAt: [...(previous?.sentAt ?? []), now.toISOString()].slice(-settings.codesPerNeed),
    expiresAt: new Date(now.getTime() + settings.codeMinutes * 60 * secondMs).toISOString(),
    tries: 0,
  };
}

/** Whether another code may be sent now for this need. */
export function decideResend(pending: PendingCode, now: Date, settings: PhoneConfirmationSettings): ResendDecision {
  if (pending.sentAt.length >= settings.codesPerNeed) return { allowed: false, reason: 'codesUsed' };
  const last = Date.parse(pending.sentAt.at(-1) ?? '0');
  const wait = last + settings.resendAfterSeconds * secondMs - now.getTime();
  if (wait > 0) return { allowed: false, reason: 'coolDown', retryAfterSeconds: Math.ceil(wait / secondMs) };
  return { allowed: true };
}

/** Whether the current code may still be tried. */
export function decideTry(pending: PendingCode, now: Date, settings: PhoneConfirmationSettings): TryDecision {
  if (pending.tries >= settings.triesPerCode) return { allowed: false, reason: 'triesUsed' };
  if (Date.parse(pending.expiresAt) <= now.getTime()) return { allowed: false, reason: 'expired' };
  return { allowed: true };
}

export function afterWrongCode(pending: PendingCode): PendingCode {
  return { ...pending, tries: pending.tries + 1 };
}

export function triesLeft(pending: PendingCode, settings: PhoneConfirmationSettings): number {
  return Math.max(0, settings.triesPerCode - pending.tries);
}

export function codesLeft(pending: PendingCode, settings: PhoneConfirmationSettings): number {
  return Math.max(0, settings.codesPerNeed - pending.sentAt.length);
}

/** What the form needs to show the code step: where it went (masked), until when, when to resend. */
export function confirmationView(pending: PendingCode, phone: string | undefined, now: Date, settings: PhoneConfirmationSettings) {
  const resend = decideResend(pending, now, settings);
  return {
    sentTo: phone ? maskPhone(phone) : undefined,
    expiresAt: pending.expiresAt,
    triesLeft: triesLeft(pending, settings),
    codesLeft: codesLeft(pending, settings),
    resendAfterSeconds: resend.allowed ? 0 : resend.reason === 'coolDown' ? resend.retryAfterSeconds : undefined,
  };
}

/** 13700137000 → 137****7000; a number too short to hide a digit that way is all stars. */
export function maskPhone(phone: string): string {
  return phone.length > 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export const residentConfirmationWords = {
  awaiting: '已收到您的需求。请输入发到您手机上的 6 位验证码，确认后马上为您安排服务。',
  confirmed: '手机号已确认，正在为您安排服务。',
  closed: '手机号一直没有验证，这条需求已关闭。如仍需要服务，请重新提交，或直接联系社区。',
} as const;

/** The code matched: the need goes on to matching. */
export function confirmNeed(need: Need, now: Date): Need {
  return moveNeed(need, 'submitted', now, residentConfirmationWords.confirmed);
}

export function unconfirmedTooLong(need: Need, now: Date, settings: PhoneConfirmationSettings): boolean {
  return (
    need.status === 'awaitingConfirmation' && now.getTime() - Date.parse(need.createdAt) > settings.closeUnconfirmedAfterHours * 3_600_000
  );
}

export const phoneNotConfirmedOutcome = 'phoneNotConfirmed';

/** Never confirmed within the limit: closed, with the reason in plain words, by the schedule. */
export function closeUnconfirmed(need: Need, now: Date): Need {
  const moved = moveNeed(need, 'closed', now, residentConfirmationWords.closed);
  return { ...moved, closure: { outcome: phoneNotConfirmedOutcome, by: 'system', at: now.toISOString() } };
}

/** The UTC day a phone's codes and tries are counted in. */
export function phoneCountDay(now: Date): { day: string; secondsLeft: number } {
  const day = now.toISOString().slice(0, 10);
  const next = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
  return { day, secondsLeft: Math.max(1, Math.ceil((next - now.getTime()) / secondMs)) };
}
