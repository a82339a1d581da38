/**
 * Limits on the open form, kind to a resident who posts one or two needs and hard on a flood:
 * - per phone number: a few open needs at once, a daily cap (rolling 24 hours), and a repeat of the
 *   same category and community while the first is open answers with the first;
 * - per client (address): a number of submits per minute, counted atomically per clock minute.
 * Pure: the caller reads and writes the counters (lib/data/submission-guards.ts).
 */
import * as z from 'zod/mini';
import { phoneConfirmationSchema } from './phone-confirmation.ts';

export const phoneLimitsSchema = z.strictObject({
  maxOpenNeeds: z._default(z.int().check(z.minimum(1), z.maximum(100)), 3),
  /** Over a rolling 24 hours, whatever became of the needs. */
  maxNeedsPerDay: z._default(z.int().check(z.minimum(1), z.maximum(1000)), 6),
  /** A repeat of an open need (same phone, category and community) is answered with that need. */
  refuseRepeatsWhileOpen: z._default(z.boolean(), true),
});

export const submissionLimitsSchema = z.strictObject({
  /** null: no limits per phone number, for a district whose grid workers submit for residents from their own phones. */
  perPhone: z.prefault(z.nullable(phoneLimitsSchema), {}),
  clientRequestsPerMinute: z._default(z.int().check(z.minimum(1), z.maximum(100_000)), 10),
  /**
   * A phone number not seen before confirms itself with an SMS code before its need is matched
   * (./phone-confirmation.ts). On unless a district file turns it off; the integration tests that
   * are not about it turn it off explicitly (test/support/local-system.ts).
   */
  confirmNewPhones: z._default(z.boolean(), true),
  phoneConfirmation: z.prefault(phoneConfirmationSchema, {}),
});

export type PhoneLimits = z.output<typeof phoneLimitsSchema>;
export type SubmissionLimits = z.output<typeof submissionLimitsSchema>;

const dayMs = 24 * 60 * 60 * 1000;
/** A need counts as open until it reaches one of these. */
const finalStatuses = new Set(['completed', 'cancelled', 'closed']);

export interface PhoneEntry {
  needId: string;
  category: string;
  communityId: string;
  createdAt: string;
}

/** A phone number's recent needs: the last 24 hours, and older ones while they may still be open. */
export interface PhoneHistory {
  version: number;
  entries: PhoneEntry[];
}

export type PhoneDecision =
  | { allowed: true; next: PhoneHistory }
  | { allowed: false; reason: 'duplicate'; existingNeedId: string }
  | { allowed: false; reason: 'tooManyOpen' | 'dailyCap'; limit: number };

export function isOpenStatus(status: string | undefined): boolean {
  return status !== undefined && !finalStatuses.has(status);
}

/**
 * Decides a new need for a phone number. `statusOf` gives the current status of each listed need
 * (undefined for a need that no longer exists). The history kept afterwards is bounded: entries
 * older than a day are kept only while open, and never more than the limits can use.
 */
export function decidePhoneSubmission(
  history: PhoneHistory | undefined,
  statusOf: (needId: string) => string | undefined,
  need: { id: string; category: string; communityId: string },
  now: Date,
  limits: PhoneLimits,
): PhoneDecision {
  const entries = history?.entries ?? [];
  const open = entries.filter((entry) => isOpenStatus(statusOf(entry.needId)));
  const duplicate = open.find((entry) => entry.category === need.category && entry.communityId === need.communityId);
  if (duplicate && limits.refuseRepeatsWhileOpen) return { allowed: false, reason: 'duplicate', existingNeedId: duplicate.needId };
  if (open.length >= limits.maxOpenNeeds) return { allowed: false, reason: 'tooManyOpen', limit: limits.maxOpenNeeds };
  const lastDay = entries.filter((entry) => now.getTime() - Date.parse(entry.createdAt) < dayMs);
  if (lastDay.length >= limits.maxNeedsPerDay) return { allowed: false, reason: 'dailyCap', limit: limits.maxNeedsPerDay };

  const kept = entries.filter((entry) => now.getTime() - Date.parse(entry.createdAt) < dayMs || isOpenStatus(statusOf(entry.needId)));
  const added: PhoneEntry = { needId: need.id, category: need.category, communityId: need.communityId, createdAt: now.toISOString() };
  const bound = limits.maxNeedsPerDay + limits.maxOpenNeeds;
  return { allowed: true, next: { version: (history?.version ?? 0) + 1, entries: [...kept, added].slice(-bound) } };
}

/** The clock minute a request is counted in, and the seconds until the next one starts. */
export function clientWindow(now: Date): { minute: string; secondsLeft: number } {
  const minute = now.toISOString().slice(0, 16);
  const secondsLeft = Math.max(1, 60 - now.getUTCSeconds());
  return { minute, secondsLeft };
}
