import { describe, expect, it } from 'vitest';
import { decidePhoneSubmission, type PhoneHistory, submissionLimitsSchema, takeToken } from '#lib/needs/submission-limits.ts';

const limits = submissionLimitsSchema.parse({ maxOpenNeedsPerPhone: 2, maxNeedsPerPhonePerDay: 3, clientBurst: 2, clientRefillPerMinute: 6 });
const now = new Date('2026-11-24T10:00:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();
const entry = (needId: string, createdAt: string, category = 'repairs', communityId = 'hehua') => ({ needId, category, communityId, createdAt });
const history = (...entries: PhoneHistory['entries']): PhoneHistory => ({ version: 4, entries });
const newNeed = (category = 'homeCare', communityId = 'hehua') => ({ id: 'new', category, communityId });

describe('decidePhoneSubmission', () => {
  it('lets a first need through and starts a history at version 1', () => {
    const decision = decidePhoneSubmission(undefined, () => undefined, newNeed(), now, limits);
    expect(decision).toEqual({ allowed: true, next: { version: 1, entries: [entry('new', now.toISOString(), 'homeCare')] } });
  });

  it('answers a repeat of an open need of the same category and community with that need', () => {
    const decision = decidePhoneSubmission(history(entry('a', hoursAgo(1))), () => 'offered', newNeed('repairs'), now, limits);
    expect(decision).toEqual({ allowed: false, reason: 'duplicate', existingNeedId: 'a' });
    // Closed, or elsewhere: not a repeat.
    expect(decidePhoneSubmission(history(entry('a', hoursAgo(1))), () => 'completed', newNeed('repairs'), now, limits).allowed).toBe(true);
    expect(decidePhoneSubmission(history(entry('a', hoursAgo(1))), () => 'offered', newNeed('repairs', 'liuyin'), now, limits).allowed).toBe(true);
  });

  it('refuses a need past the open limit, counting only needs still open', () => {
    const two = history(entry('a', hoursAgo(30)), entry('b', hoursAgo(40), 'legalAdvice'));
    expect(decidePhoneSubmission(two, () => 'accepted', newNeed(), now, limits)).toEqual({ allowed: false, reason: 'tooManyOpen', limit: 2 });
    expect(decidePhoneSubmission(two, (id) => (id === 'a' ? 'cancelled' : 'accepted'), newNeed(), now, limits).allowed).toBe(true);
  });

  it('caps the last 24 hours, whatever became of those needs', () => {
    const three = history(entry('a', hoursAgo(1)), entry('b', hoursAgo(2)), entry('c', hoursAgo(23.9)));
    expect(decidePhoneSubmission(three, () => 'cancelled', newNeed(), now, limits)).toEqual({ allowed: false, reason: 'dailyCap', limit: 3 });
    const oneAgedOut = history(entry('a', hoursAgo(1)), entry('b', hoursAgo(2)), entry('c', hoursAgo(24)));
    expect(decidePhoneSubmission(oneAgedOut, () => 'cancelled', newNeed(), now, limits).allowed).toBe(true);
  });

  it('keeps a bounded history: old closed needs drop out, old open ones stay', () => {
    const old = history(entry('closed', hoursAgo(50)), entry('open', hoursAgo(60), 'legalAdvice'));
    const decision = decidePhoneSubmission(old, (id) => (id === 'open' ? 'started' : 'completed'), newNeed(), now, limits);
    expect(decision.allowed && decision.next.entries.map((kept) => kept.needId)).toEqual(['open', 'new']);
    expect(decision.allowed && decision.next.version).toBe(5);
  });
});

describe('takeToken', () => {
  it('allows a burst, then refuses with the seconds until the next token', () => {
    const first = takeToken(undefined, now, limits);
    expect(first).toMatchObject({ allowed: true, next: { tokens: 1 } });
    const second = takeToken(first.next, now, limits);
    expect(second).toMatchObject({ allowed: true, next: { tokens: 0 } });
    expect(takeToken(second.next, now, limits)).toMatchObject({ allowed: false, retryAfterSeconds: 10 });
  });

  it('refills continuously up to the burst size', () => {
    const empty = { tokens: 0, at: now.toISOString(), version: 3 };
    expect(takeToken(empty, new Date(now.getTime() + 5_000), limits)).toMatchObject({ allowed: false, retryAfterSeconds: 5 });
    expect(takeToken(empty, new Date(now.getTime() + 10_000), limits)).toMatchObject({ allowed: true, next: { version: 4 } });
    const later = takeToken(empty, new Date(now.getTime() + 3_600_000), limits);
    expect(later.allowed && later.next.tokens).toBe(1);
  });
});
