/**
 * Report counters and the SMS code for new phone numbers: a need counts as demand once it entered
 * the service, and its times run from then, not from when it was typed.
 */
import { describe, expect, it } from 'vitest';
import { moveNeed, newNeed, offerNeed } from '#lib/needs/need.ts';
import { type Contribution, contributionOf, counterDelta, counterNames, countersOf } from '#lib/reports/report-counters.ts';
import { at, later, submission } from '../orders/order-fixtures.ts';

const timeZone = 'Asia/Shanghai';
const unconfirmed = () =>
  newNeed(submission, { id: 'n1', districtId: 'demo', trackingTokenHash: 'hash', correlationId: 'c', now: at, awaitingConfirmation: true });

describe('report counters of a need posted from a new phone number', () => {
  it('count nothing while its SMS code is awaited', () => {
    expect(countersOf(contributionOf(unconfirmed(), timeZone))).toEqual({});
  });

  it('count it as posted, in the day it was posted, once the code is confirmed', () => {
    const waiting = contributionOf(unconfirmed(), timeZone);
    const confirmed = contributionOf(moveNeed(unconfirmed(), 'submitted', later(180)), timeZone);
    expect(counterDelta(waiting, confirmed)).toEqual({ [counterNames.posted]: 1, [counterNames.status('submitted')]: 1 });
    expect(confirmed.cell.day).toBe(waiting.cell.day);
  });

  it('count nothing when the watchdog closes it or the resident cancels it without the code', () => {
    const waiting = contributionOf(unconfirmed(), timeZone);
    for (const status of ['closed', 'cancelled'] as const) {
      expect(counterDelta(waiting, contributionOf(moveNeed(unconfirmed(), status, later(24 * 60 + 5)), timeZone))).toEqual({});
    }
  });

  it('time the first offer from the confirmation, not from the typing', () => {
    const confirmed = moveNeed(unconfirmed(), 'submitted', later(180));
    const contribution = contributionOf(offerNeed(confirmed, later(182)), timeZone);
    expect(contribution.minutesTo.firstOffer).toBe(2);
  });

  it('still count contributions saved before confirmation existed (no `entered`)', () => {
    const saved: Contribution = { ...contributionOf(newNeed(submission, { id: 'n1', districtId: 'demo', trackingTokenHash: 'hash', correlationId: 'c', now: at }), timeZone) };
    delete saved.entered;
    expect(countersOf(saved)).toMatchObject({ [counterNames.posted]: 1 });
  });
});
