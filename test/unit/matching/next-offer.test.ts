import { describe, expect, it } from 'vitest';
import { defaultMatchingSettings, matchingSettingsSchema } from '../../../lib/matching/matching-settings.ts';
import { decideNextOffer, excludedPartnersOf, type OfferAttempt } from '../../../lib/matching/next-offer.ts';
import { rankCandidates } from '../../../lib/matching/rank-candidates.ts';
import { candidate, district, request, tuesdayMorning } from './matching-fixtures.ts';

const partners = ['a', 'b', 'c'].map((id, index) => candidate({ id }, { recentOrders: index }));

function decide(
  history: OfferAttempt[],
  overrides: Parameters<typeof request>[0] = {},
  settings = defaultMatchingSettings,
  candidates = partners,
) {
  const matchRequest = request({ ...overrides, excludedPartnerIds: excludedPartnersOf(history) });
  const ranking = rankCandidates(matchRequest, candidates, settings, district(), tuesdayMorning);
  return decideNextOffer({ request: matchRequest, history, ranking, settings, now: tuesdayMorning });
}

describe('decideNextOffer', () => {
  it('offers a new need to the best partner, with a ten-minute deadline', () => {
    const decision = decide([]);

    expect(decision).toMatchObject({ action: 'offer', partnerId: 'a', attempt: 1, expiresAt: '2025-03-04T01:10:00.000Z' });
  });

  it('gives an urgent offer three minutes', () => {
    expect(decide([], { urgency: 'urgent' })).toMatchObject({ action: 'offer', expiresAt: '2025-03-04T01:03:00.000Z' });
  });

  it('moves on to the next partner after a decline and after an expiry', () => {
    expect(decide([{ attempt: 1, partnerId: 'a', outcome: 'declined' }])).toMatchObject({ action: 'offer', partnerId: 'b', attempt: 2 });
    expect(
      decide([
        { attempt: 1, partnerId: 'a', outcome: 'declined' },
        { attempt: 2, partnerId: 'b', outcome: 'expired' },
      ]),
    ).toMatchObject({ action: 'offer', partnerId: 'c', attempt: 3 });
  });

  it('keeps offering until the maximum number of attempts, then escalates', () => {
    const settings = matchingSettingsSchema.parse({ maxAttempts: 2 });
    const twoRefusals: OfferAttempt[] = [
      { attempt: 1, partnerId: 'a', outcome: 'declined' },
      { attempt: 2, partnerId: 'b', outcome: 'expired' },
    ];

    expect(decide(twoRefusals.slice(0, 1), {}, settings)).toMatchObject({ action: 'offer', partnerId: 'b' });
    const decision = decide(twoRefusals, {}, settings);

    expect(decision).toMatchObject({ action: 'escalate', reason: { code: 'maxAttemptsReached' } });
    if (decision.action !== 'escalate') throw new Error('expected an escalation');
    expect(decision.reason.message.zh).toBe('已依次向2位合伙人发出邀请，均被拒绝或超时未接单。');
  });

  it('escalates with the constraint that emptied the field, in zh and en', () => {
    const offDuty = [
      candidate({ id: 'x', schedule: { weekly: [{ day: 3, from: '09:00', to: '12:00' }] } }),
      candidate({ id: 'y', status: 'suspended' }),
    ];

    const decision = decide([], { urgency: 'urgent' }, defaultMatchingSettings, offDuty);

    expect(decision).toMatchObject({ action: 'escalate', reason: { code: 'noCandidates', emptiedBy: 'onDuty' } });
    if (decision.action !== 'escalate') throw new Error('expected an escalation');
    expect(decision.reason.message).toEqual({
      zh: '候选合伙人共2位，均未通过匹配条件：未启用或已暂停 1 位，该时段不值班 1 位。',
      en: 'None of the 2 candidate partners passed every constraint: not active: 1; not on duty at the requested time: 1.',
    });
  });

  it('escalates when everyone who could has declined', () => {
    const history: OfferAttempt[] = partners.map((entry, index) => ({
      attempt: index + 1,
      partnerId: entry.partner.id,
      outcome: 'declined',
    }));

    expect(decide(history)).toMatchObject({ action: 'escalate', reason: { code: 'noCandidates', emptiedBy: 'notExcluded' } });
  });

  it('escalates when no partner offers the category at all', () => {
    const decision = decide([], {}, defaultMatchingSettings, []);

    expect(decision).toMatchObject({
      action: 'escalate',
      reason: { code: 'noCandidates', message: { zh: '本社区暂无提供「维修」服务的合伙人。' } },
    });
  });

  it('escalates a public problem report without offering it', () => {
    expect(decide([], { category: 'publicIssue' })).toMatchObject({ action: 'escalate', reason: { code: 'notAService' } });
  });

  it('does nothing while an offer is open or accepted (a duplicate trigger)', () => {
    expect(decide([{ attempt: 1, partnerId: 'a', outcome: 'open' }])).toEqual({ action: 'none', attempt: 1 });
    expect(decide([{ attempt: 1, partnerId: 'a', outcome: 'accepted' }])).toEqual({ action: 'none', attempt: 1 });
  });

  it('refuses a ranking that ignored the history', () => {
    const history: OfferAttempt[] = [{ attempt: 1, partnerId: 'a', outcome: 'declined' }];
    const staleRanking = rankCandidates(request(), partners, defaultMatchingSettings, district(), tuesdayMorning);

    expect(() =>
      decideNextOffer({ request: request(), history, ranking: staleRanking, settings: defaultMatchingSettings, now: tuesdayMorning }),
    ).toThrow(/already declined/);
  });
});
