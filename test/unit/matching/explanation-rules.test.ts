import { describe, expect, it } from 'vitest';
import { constraintLabels, constraintNames, constraints, noRejections } from '../../../lib/matching/constraints.ts';
import { explainChoice } from '../../../lib/matching/explanation.ts';
import { matchContext, serviceRangeOf } from '../../../lib/matching/match-context.ts';
import { matchRequestSchema } from '../../../lib/matching/match-request.ts';
import { matchRequestOfNeed } from '../../../lib/matching/match-request-of-need.ts';
import { defaultMatchingSettings, matchingSettingsSchema } from '../../../lib/matching/matching-settings.ts';
import { decideNextOffer, excludedPartnersOf, type OfferAttempt } from '../../../lib/matching/next-offer.ts';
import { scoreCandidate } from '../../../lib/matching/objectives.ts';
import { rankCandidates } from '../../../lib/matching/rank-candidates.ts';
import { accepted } from '../orders/order-fixtures.ts';
import { candidate, district, request, tuesdayMorning } from './matching-fixtures.ts';

const explain = (candidates: Parameters<typeof rankCandidates>[1], overrides: Parameters<typeof request>[0] = {}) => {
  const chosen = rankCandidates(request(overrides), candidates, defaultMatchingSettings, district(), tuesdayMorning).chosen;
  if (!chosen) throw new Error('expected a choice');
  return chosen;
};
const details = (explanation: ReturnType<typeof explain>) => Object.fromEntries(explanation.terms.map((term) => [term.name, term.detail]));

describe("the operators' detail of each term", () => {
  it('gives the figures behind every grade', () => {
    const explanation = explain(
      [
        candidate(
          { capabilities: [{ category: 'repairs', skillLevel: 4 }], capacity: 5, priceMode: 'lowCost' },
          {
            openOrders: 2,
            recentOrders: 7,
            reputation: { mean: 4.5, count: 8 },
            reliability: { offered: 10, accepted: 9, completed: 6, cancelled: 2 },
          },
        ),
      ],
      { specialGroups: ['livingAlone'], urgency: 'urgent' },
    );

    expect(details(explanation)).toEqual({
      skill: 'skill level 4 of 5 in repairs',
      proximity: "serves the need's community",
      reputation: '4.50★ from 8 ratings; 4.31★ shrunk towards the district mean 4.00★',
      reliability: 'accepted 9 of 10 offers, completed 6 of 8 orders; 87% and 77% with the prior',
      loadBalance: '2 of 5 orders open, 7 recent orders',
      priceFit: 'lowCost service for a resident of a special group',
      earliestAvailability: 'on duty now',
    });
  });

  it('says when a partner has no ratings, how far it is, and in how many minutes it comes on duty', () => {
    const later = candidate({ base: { lat: 30.2751, lng: 120.1551 }, schedule: { weekly: [{ day: 2, from: '09:40', to: '12:00' }] } });
    const explanation = explain([later], { urgency: 'urgent', location: { lat: 30.2741, lng: 120.1551 } });

    expect(details(explanation)).toMatchObject({
      proximity: '0.11 km from the need',
      reputation: 'no ratings yet; 4.00★ shrunk towards the district mean 4.00★',
      earliestAvailability: 'on duty in 40 min',
    });
  });

  it('words proximity by grid and elsewhere', () => {
    expect(details(explain([candidate({ serviceArea: { grids: ['hehua-1'] } })])).proximity).toBe("serves the need's grid");
    const elsewhere = candidate({ serviceArea: { communities: ['liuyin'] } });
    const context = matchContext(request(), defaultMatchingSettings, district(), tuesdayMorning);
    const { terms } = scoreCandidate(elsewhere, context);
    const explanation = explainChoice({
      context,
      candidate: elsewhere,
      score: 0,
      terms,
      leadingTerms: [],
      considered: 1,
      eligible: 1,
      rejectedByConstraint: noRejections(),
      runnerUps: [],
    });
    expect(explanation.proximity).toEqual({ kind: 'elsewhere' });
    expect(details(explanation).proximity).toBe('elsewhere in the district');
  });

  it('lists each constraint reason, and the first duty stretch as the availability', () => {
    const explanation = explain([candidate({ schedule: { weekly: [{ day: 2, from: '10:00', to: '11:00' }] } })]);

    expect(explanation.constraints).toEqual([
      { name: 'active', reason: 'active' },
      { name: 'notExcluded', reason: 'has not declined this need' },
      { name: 'capability', reason: 'offers repairs' },
      { name: 'freeCapacity', reason: '0 of 3 orders open' },
      { name: 'specialGroupNeeds', reason: 'no special requirement' },
      { name: 'serviceArea', reason: 'serves community hehua' },
      { name: 'onDuty', reason: 'on duty during the next 168 h' },
    ]);
    expect(explanation.availability).toEqual({ from: '2025-03-04T02:00:00.000Z', until: '2025-03-04T03:00:00.000Z' });
    expect(explanation).toMatchObject({
      needId: 'need-1',
      partnerId: 'p1',
      rankedAt: tuesdayMorning.toISOString(),
      timeZone: 'Asia/Shanghai',
      priceMode: 'market',
    });
    expect(explanation.candidates).toEqual({ considered: 1, eligible: 1 });
  });
});

describe('constraint names and labels', () => {
  it('are in the order applied, each with its failure in zh and en', () => {
    expect(constraintNames).toEqual(constraints.map((constraint) => constraint.name));
    expect(constraintLabels).toEqual({
      active: { zh: '未启用或已暂停', en: 'not active' },
      notExcluded: { zh: '已拒绝或超时未接单', en: 'declined or let an offer expire' },
      capability: { zh: '不提供该类服务', en: 'not offering this service' },
      freeCapacity: { zh: '任务已满', en: 'no free capacity' },
      specialGroupNeeds: { zh: '不提供上门服务', en: 'no home visits' },
      serviceArea: { zh: '服务范围未覆盖', en: 'area not served' },
      onDuty: { zh: '该时段不值班', en: 'not on duty at the requested time' },
    });
    expect(noRejections()).toEqual(Object.fromEntries(constraintNames.map((name) => [name, 0])));
  });
});

describe("the cascade's wording and numbering", () => {
  const partners = ['a', 'b', 'c'].map((id, index) => candidate({ id }, { recentOrders: index }));
  const decide = (
    history: OfferAttempt[],
    overrides: Parameters<typeof request>[0] = {},
    candidates = partners,
    settings = defaultMatchingSettings,
  ) => {
    const matchRequest = request({ ...overrides, excludedPartnerIds: excludedPartnersOf(history) });
    const ranking = rankCandidates(matchRequest, candidates, settings, district(), tuesdayMorning);
    return decideNextOffer({ request: matchRequest, history, ranking, settings, now: tuesdayMorning });
  };

  it('numbers the next attempt after the highest so far and excludes only those who declined or let it expire', () => {
    const history: OfferAttempt[] = [
      { attempt: 3, partnerId: 'a', outcome: 'expired' },
      { attempt: 1, partnerId: 'b', outcome: 'declined' },
    ];

    expect(
      excludedPartnersOf([
        ...history,
        { attempt: 4, partnerId: 'c', outcome: 'accepted' },
        { attempt: 5, partnerId: 'd', outcome: 'open' },
      ]),
    ).toEqual(['a', 'b']);
    expect(decide(history)).toMatchObject({ action: 'offer', partnerId: 'c', attempt: 4, expiresAt: '2025-03-04T01:10:00.000Z' });
  });

  it('says how many were asked, in English too', () => {
    const settings = matchingSettingsSchema.parse({ maxAttempts: 1 });
    const decision = decide([{ attempt: 1, partnerId: 'a', outcome: 'declined' }], {}, partners, settings);

    expect(decision).toEqual({
      action: 'escalate',
      reason: {
        code: 'maxAttemptsReached',
        message: {
          zh: '已依次向1位合伙人发出邀请，均被拒绝或超时未接单。',
          en: 'Offered to 1 partners in turn; each declined or let the offer expire.',
        },
      },
    });
  });

  it('escalates a public problem with the category named', () => {
    expect(decide([], { category: 'publicIssue' })).toEqual({
      action: 'escalate',
      reason: {
        code: 'notAService',
        message: {
          zh: '「公共问题反映」不是服务需求，需由社区转交共建单位处理。',
          en: 'Public problem report is not a service: operators take it to the co-building units.',
        },
      },
    });
  });

  it('says when the district has no partner for the category, in English too', () => {
    const decision = decide([], {}, []);

    expect(decision).toEqual({
      action: 'escalate',
      reason: {
        code: 'noCandidates',
        rejectedByConstraint: noRejections(),
        message: { zh: '本社区暂无提供「维修」服务的合伙人。', en: 'No partner serving this community offers repairs.' },
      },
    });
  });

  it('names the constraints that rejected most first, and words a single candidate', () => {
    const many = decide([], {}, [
      candidate({ id: 'x', status: 'suspended' }),
      candidate({ id: 'y', capacity: 1 }, { openOrders: 1 }),
      candidate({ id: 'z', capacity: 1 }, { openOrders: 1 }),
    ]);
    const one = decide([], {}, [candidate({ id: 'x', status: 'suspended' })]);

    expect(many).toMatchObject({
      reason: {
        emptiedBy: 'freeCapacity',
        rejectedByConstraint: { ...noRejections(), active: 1, freeCapacity: 2 },
        message: {
          zh: '候选合伙人共3位，均未通过匹配条件：任务已满 2 位，未启用或已暂停 1 位。',
          en: 'None of the 3 candidate partners passed every constraint: no free capacity: 2; not active: 1.',
        },
      },
    });
    expect(one).toMatchObject({
      reason: { emptiedBy: 'active', message: { en: 'The only candidate partner failed a constraint: not active: 1.' } },
    });
  });
});

describe('the request and context of a need', () => {
  it('refuses a preferred window that does not end after it starts', () => {
    const accepts = (from: string, to: string) =>
      matchRequestSchema.safeParse({
        needId: 'n',
        category: 'repairs',
        communityId: 'hehua',
        submittedAt: from,
        preferredWindow: { from, to },
      }).success;

    expect(accepts('2025-03-04T01:00:00Z', '2025-03-04T01:00:00Z')).toBe(false);
    expect(accepts('2025-03-04T01:00:00Z', '2025-03-04T00:59:00Z')).toBe(false);
    expect(accepts('2025-03-04T01:00:00Z', '2025-03-04T01:01:00Z')).toBe(true);
  });

  it('carries what matching needs from the stored need, and the exclusions', () => {
    const need = { ...accepted().need, preferredWindow: { from: '2026-11-24T01:00:00Z', to: '2026-11-24T03:00:00Z' } };

    expect(matchRequestOfNeed(need, ['p9'])).toEqual({
      needId: 'n1',
      category: 'repairs',
      communityId: 'hehua',
      gridId: 'hehua-1',
      location: { lat: 30.2741, lng: 120.1551 },
      preferredWindow: { from: '2026-11-24T01:00:00Z', to: '2026-11-24T03:00:00Z' },
      urgency: 'normal',
      specialGroups: ['elderly80'],
      submittedAt: need.createdAt,
      excludedPartnerIds: ['p9'],
    });
  });

  it('serves within the window from now on, or within the urgency horizon', () => {
    const now = tuesdayMorning.getTime();
    const hour = 3_600_000;

    expect(serviceRangeOf(request(), defaultMatchingSettings, now)).toEqual({ from: now, to: now + 168 * hour });
    expect(serviceRangeOf(request({ urgency: 'urgent' }), defaultMatchingSettings, now)).toEqual({ from: now, to: now + 2 * hour });
    const window = { from: new Date(now - hour).toISOString(), to: new Date(now + hour).toISOString() };
    expect(serviceRangeOf(request({ preferredWindow: window }), defaultMatchingSettings, now)).toEqual({ from: now, to: now + hour });
    const ahead = { from: new Date(now + hour).toISOString(), to: new Date(now + 3 * hour).toISOString() };
    expect(serviceRangeOf(request({ preferredWindow: ahead }), defaultMatchingSettings, now)).toEqual({
      from: now + hour,
      to: now + 3 * hour,
    });
  });

  it('knows who is excluded, whether home visits are required and whether the resident is of a special group', () => {
    const context = matchContext(
      request({ excludedPartnerIds: ['p2'], specialGroups: ['infant'] }),
      defaultMatchingSettings,
      district(),
      tuesdayMorning,
      {
        districtMeanRating: 3.5,
      },
    );

    expect(context.excluded.has('p2')).toBe(true);
    expect(context.homeVisitsRequired).toBe(false);
    expect(context.forSpecialGroup).toBe(true);
    expect(context.reputationPriorMean).toBe(3.5);
    expect(context.now).toBe(tuesdayMorning.getTime());
  });
});
