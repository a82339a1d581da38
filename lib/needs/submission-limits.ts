/**
 * Limits on the open form, kind to a resident who posts one or two needs and hard on a flood:
 * - per phone number: a few open needs at once, a daily cap (rolling 24 hours), and a repeat of the
 *   same category and community while the first is open answers with the first;
 * - per client (address): a token bucket on the public write routes.
 * Pure: the caller reads and writes the counters (lib/data/submission-guards.ts).
 */
import { z } from 'zod';

export const submissionLimitsSchema = z.strictObject({
  maxOpenNeedsPerPhone: z.int().min(1).max(100).default(3),
  maxNeedsPerPhonePerDay: z.int().min(1).max(1000).default(6),
  /** A repeat of an open need (same phone, category and community) is answered with that need. */
  refuseRepeatsWhileOpen: z.boolean().default(true),
  /** Requests a client may send at once. */
  clientBurst: z.int().min(1).max(10_000).default(10),
  /** Tokens a client regains per minute. */
  clientRefillPerMinute: z.number().min(0.1).max(10_000).default(6),
});

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
  limits: SubmissionLimits,
): PhoneDecision {
  const entries = history?.entries ?? [];
  const open = entries.filter((entry) => isOpenStatus(statusOf(entry.needId)));
  const duplicate = open.find((entry) => entry.category === need.category && entry.communityId === need.communityId);
  if (duplicate && limits.refuseRepeatsWhileOpen) return { allowed: false, reason: 'duplicate', existingNeedId: duplicate.needId };
  if (open.length >= limits.maxOpenNeedsPerPhone) return { allowed: false, reason: 'tooManyOpen', limit: limits.maxOpenNeedsPerPhone };
  const lastDay = entries.filter((entry) => now.getTime() - Date.parse(entry.createdAt) < dayMs);
  if (lastDay.length >= limits.maxNeedsPerPhonePerDay) return { allowed: false, reason: 'dailyCap', limit: limits.maxNeedsPerPhonePerDay };

  const kept = entries.filter((entry) => now.getTime() - Date.parse(entry.createdAt) < dayMs || isOpenStatus(statusOf(entry.needId)));
  const added: PhoneEntry = { needId: need.id, category: need.category, communityId: need.communityId, createdAt: now.toISOString() };
  const bound = limits.maxNeedsPerPhonePerDay + limits.maxOpenNeedsPerPhone;
  return { allowed: true, next: { version: (history?.version ?? 0) + 1, entries: [...kept, added].slice(-bound) } };
}

export interface TokenBucket {
  tokens: number;
  at: string;
  version: number;
}

export type BucketDecision = { allowed: true; next: TokenBucket } | { allowed: false; retryAfterSeconds: number; next: TokenBucket };

/** Takes one token from a client's bucket, refilled continuously up to the burst size. */
export function takeToken(bucket: TokenBucket | undefined, now: Date, limits: SubmissionLimits): BucketDecision {
  const elapsedMinutes = bucket ? Math.max(0, now.getTime() - Date.parse(bucket.at)) / 60_000 : 0;
  const available = bucket ? Math.min(limits.clientBurst, bucket.tokens + elapsedMinutes * limits.clientRefillPerMinute) : limits.clientBurst;
  const version = (bucket?.version ?? 0) + 1;
  if (available >= 1) return { allowed: true, next: { tokens: available - 1, at: now.toISOString(), version } };
  const retryAfterSeconds = Math.max(1, Math.ceil(((1 - available) / limits.clientRefillPerMinute) * 60));
  return { allowed: false, retryAfterSeconds, next: { tokens: available, at: now.toISOString(), version } };
}
