import { phoneConfirmationSchema } from '#lib/needs/phone-confirmation.ts';
import { describe, expect, it } from 'vitest';
import {
  clientWindow,
  decidePhoneSubmission,
  isOpenStatus,
  type PhoneHistory,
  phoneLimitsSchema,
  submissionLimitsSchema,
} from '#lib/needs/submission-limits.ts';

const limits = phoneLimitsSchema.parse({ maxOpenNeeds: 2, maxNeedsPerDay: 3 });
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

describe('clientWindow', () => {
  it('counts a request in its clock minute and says how long until the next', () => {
    expect(clientWindow(new Date('2026-11-24T10:07:45.500Z'))).toEqual({ minute: '2026-11-24T10:07', secondsLeft: 15 });
    expect(clientWindow(new Date('2026-11-24T10:07:00.000Z'))).toEqual({ minute: '2026-11-24T10:07', secondsLeft: 60 });
  });
});

describe('submission limits edges', () => {
  it('takes a repeat of an open need as a new need when the district allows repeats', () => {
    const allowRepeats = phoneLimitsSchema.parse({ maxOpenNeeds: 2, maxNeedsPerDay: 3, refuseRepeatsWhileOpen: false });
    expect(decidePhoneSubmission(history(entry('a', hoursAgo(1))), () => 'offered', newNeed('repairs'), now, allowRepeats).allowed).toBe(true);
  });

  it('counts a need that no longer exists as not open', () => {
    const gone = history(entry('a', hoursAgo(30)), entry('b', hoursAgo(40), 'legalAdvice'));
    const decision = decidePhoneSubmission(gone, () => undefined, newNeed(), now, limits);
    expect(decision.allowed && decision.next.entries.map((kept) => kept.needId)).toEqual(['new']);
  });

  it('refuses at the open limit before the daily cap, and counts needs waiting or escalated as open', () => {
    const two = history(entry('a', hoursAgo(1)), entry('b', hoursAgo(2), 'legalAdvice'));
    expect(decidePhoneSubmission(two, (id) => (id === 'a' ? 'waiting' : 'escalated'), newNeed(), now, limits)).toEqual({
      allowed: false,
      reason: 'tooManyOpen',
      limit: 2,
    });
  });

  it('never keeps more entries than the limits can use', () => {
    const many = history(...Array.from({ length: 8 }, (_, index) => entry(`old-${index}`, hoursAgo(30 + index), `c${index}`)));
    const generous = phoneLimitsSchema.parse({ maxOpenNeeds: 2, maxNeedsPerDay: 3 });
    const decision = decidePhoneSubmission(many, (id) => (id === 'old-0' ? 'started' : 'completed'), newNeed(), now, generous);
    expect(decision.allowed && decision.next.entries.map((kept) => kept.needId)).toEqual(['old-0', 'new']);
    const open = history(...Array.from({ length: 8 }, (_, index) => entry(`open-${index}`, hoursAgo(30 + index), `c${index}`)));
    const roomy = phoneLimitsSchema.parse({ maxOpenNeeds: 20, maxNeedsPerDay: 2 });
    const bounded = decidePhoneSubmission(open, () => 'accepted', newNeed(), now, roomy);
    expect(bounded.allowed && bounded.next.entries.map((kept) => kept.needId)).toEqual([...open.entries.map((kept) => kept.needId), 'new']);
  });

  it('keeps needs of the last 24 hours in the history, closed or not, for the daily cap', () => {
    const recent = history(entry('closed-recently', hoursAgo(23.9)), entry('closed-a-day-ago', hoursAgo(24)));
    const decision = decidePhoneSubmission(recent, () => 'completed', newNeed(), now, limits);
    expect(decision.allowed && decision.next.entries.map((kept) => kept.needId)).toEqual(['closed-recently', 'new']);
  });

  it('lets a first need through whatever the status lookup says', () => {
    const strict = phoneLimitsSchema.parse({ maxOpenNeeds: 1, maxNeedsPerDay: 1 });
    expect(decidePhoneSubmission(undefined, () => 'offered', newNeed(), now, strict).allowed).toBe(true);
  });

  it('treats only completed, cancelled and closed as final', () => {
    expect(['submitted', 'offered', 'accepted', 'started', 'waiting', 'escalated', 'referred'].every(isOpenStatus)).toBe(true);
    expect(['completed', 'cancelled', 'closed', undefined].some(isOpenStatus)).toBe(false);
  });

  it('has kind defaults and refuses limits out of bounds', () => {
    expect(submissionLimitsSchema.parse({})).toEqual({
      perPhone: { maxOpenNeeds: 3, maxNeedsPerDay: 6, refuseRepeatsWhileOpen: true },
      clientRequestsPerMinute: 10,
      // The SMS code for new numbers, on by default (#10; its settings: phone-confirmation.test.ts).
      confirmNewPhones: true,
      phoneConfirmation: phoneConfirmationSchema.parse({}),
    });
    expect(submissionLimitsSchema.parse({ perPhone: null }).perPhone).toBeNull();
    const accepts = (input: object) => submissionLimitsSchema.safeParse(input).success;
    expect([0, 1, 100, 101, 1.5].map((maxOpenNeeds) => accepts({ perPhone: { maxOpenNeeds } }))).toEqual([false, true, true, false, false]);
    expect([0, 1, 1000, 1001].map((maxNeedsPerDay) => accepts({ perPhone: { maxNeedsPerDay } }))).toEqual([false, true, true, false]);
    expect([0, 1, 100_000, 100_001].map((clientRequestsPerMinute) => accepts({ clientRequestsPerMinute }))).toEqual([false, true, true, false]);
    expect(accepts({ perPhone: { perHour: 2 } })).toBe(false);
  });
});
