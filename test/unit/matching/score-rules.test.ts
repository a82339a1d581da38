import { describe, expect, it } from 'vitest';
import { defaultMatchingSettings, matchingSettingsSchema } from '../../../lib/matching/matching-settings.ts';
import {
  bayesianMean,
  gradeEarliestAvailability,
  gradeLoadBalance,
  gradeProximity,
  gradeReliability,
  rateWithPrior,
  reliabilityRates,
  scoreCandidate,
  shrunkRating,
  termWeights,
} from '../../../lib/matching/objectives.ts';
import { rankCandidates } from '../../../lib/matching/rank-candidates.ts';
import { candidate, context, district, request, tuesdayMorning } from './matching-fixtures.ts';

describe('a prior as strong as the evidence', () => {
  it('weighs a partner with exactly priorStrength ratings half its own mean, half the prior', () => {
    expect(bayesianMean(2, 5, 4, 5)).toBe(3);
    expect(shrunkRating(candidate({}, { reputation: { mean: 2, count: 5 } }), context())).toBe(3);
  });

  it('weighs exactly priorStrength offers half their own rate, half the prior', () => {
    expect(rateWithPrior(0, 5, 0.8, 5)).toBe(0.4);
    expect(reliabilityRates(candidate({}, { reliability: { offered: 5, accepted: 0, completed: 0, cancelled: 5 } }), context())).toEqual({
      acceptance: 0.4,
      completion: 0.4,
    });
  });

  it('never counts more successes than trials', () => {
    expect(rateWithPrior(9, 3, 0.5, 1)).toBe(0.875);
    expect(rateWithPrior(2, 3, 0, 1)).toBe(0.5);
  });
});

describe('a prior of no strength', () => {
  const noPrior = matchingSettingsSchema.parse({ reputation: { priorStrength: 0 }, reliability: { priorStrength: 0 } });

  it('is a valid setting that trusts the evidence alone', () => {
    expect(shrunkRating(candidate({}, { reputation: { mean: 2.5, count: 1 } }), context({}, { settings: noPrior }))).toBe(2.5);
    expect(
      gradeReliability(
        candidate({}, { reliability: { offered: 4, accepted: 1, completed: 1, cancelled: 1 } }),
        context({}, { settings: noPrior }),
      ),
    ).toBe((0.25 + 0.5) / 2);
  });

  it('gives the prior, never NaN, to a partner with no evidence', () => {
    expect(bayesianMean(3, 0, 4, 0)).toBe(4);
    expect(rateWithPrior(0, 0, 0.8, 0)).toBe(0.8);
    expect(shrunkRating(candidate({}, { reputation: { mean: 1, count: 0 } }), context({}, { settings: noPrior }))).toBe(4);
    const { score } = scoreCandidate(candidate(), context({}, { settings: noPrior }));
    expect(Number.isNaN(score)).toBe(false);
  });
});

describe('matching settings bounds', () => {
  const accepts = (input: unknown) => matchingSettingsSchema.safeParse(input).success;

  it('refuses a proximity scale whose zero is at its full grade, which would divide by zero', () => {
    expect(accepts({ proximity: { fullGradeWithinKm: 2, zeroGradeAtKm: 2 } })).toBe(false);
    expect(accepts({ proximity: { fullGradeWithinKm: 2, zeroGradeAtKm: 2.001 } })).toBe(true);
    expect(accepts({ proximity: { fullGradeWithinKm: 5 } })).toBe(false);
    expect(accepts({ proximity: { fullGradeWithinKm: -1 } })).toBe(false);
    expect(accepts({ proximity: { fullGradeWithinKm: 0 } })).toBe(true);
    expect(accepts({ proximity: { zeroGradeAtKm: 0 } })).toBe(false);
  });

  it('keeps weights between 0 and 100', () => {
    expect(accepts({ weights: { proximity: 0 } })).toBe(true);
    expect(accepts({ weights: { proximity: 100 } })).toBe(true);
    expect(accepts({ weights: { proximity: 100.5 } })).toBe(false);
    expect(accepts({ weights: { earliestAvailability: -0.1 } })).toBe(false);
  });

  it('wants positive offer timeouts, horizons and rotation scale', () => {
    for (const input of [
      { offerTimeoutMinutes: { normal: 0 } },
      { offerTimeoutMinutes: { urgent: 0 } },
      { horizonHours: { normal: 0 } },
      { horizonHours: { urgent: -2 } },
      { recentOrdersHalfGradeAt: 0 },
    ]) {
      expect(accepts(input), JSON.stringify(input)).toBe(false);
    }
    expect(
      accepts({
        offerTimeoutMinutes: { normal: 0.5, urgent: 0.5 },
        horizonHours: { normal: 1, urgent: 0.5 },
        recentOrdersHalfGradeAt: 0.1,
      }),
    ).toBe(true);
  });

  it('keeps attempts from 1 to 50 and runner-ups from 0 to 20, whole numbers', () => {
    expect([0, 1, 50, 51, 2.5].map((maxAttempts) => accepts({ maxAttempts }))).toEqual([false, true, true, false, false]);
    expect([-1, 0, 20, 21, 1.5].map((runnerUps) => accepts({ runnerUps }))).toEqual([false, true, true, false, false]);
  });

  it('wants positive waiting and watchdog limits, and knows only catalogue categories as done at home', () => {
    for (const input of [
      { waitingLimitMinutes: { normal: 0 } },
      { waitingLimitMinutes: { urgent: -1 } },
      { watchdogMinutes: { normal: 0 } },
      { watchdogMinutes: { urgent: 0 } },
      { homeVisitCategories: ['astrology'] },
    ]) {
      expect(accepts(input), JSON.stringify(input)).toBe(false);
    }
    expect(accepts({ waitingLimitMinutes: { normal: 1, urgent: 0.5 }, watchdogMinutes: { normal: 1, urgent: 0.5 }, homeVisitCategories: [] })).toBe(true);
  });

  it('keeps the prior mean on the star scale, the prior rate in 0..1 and prior strengths not negative', () => {
    expect([0.9, 1, 5, 5.1].map((priorMean) => accepts({ reputation: { priorMean } }))).toEqual([false, true, true, false]);
    expect([-0.1, 0, 1, 1.1].map((priorRate) => accepts({ reliability: { priorRate } }))).toEqual([false, true, true, false]);
    expect(accepts({ reputation: { priorStrength: -1 } })).toBe(false);
    expect(accepts({ reliability: { priorStrength: -1 } })).toBe(false);
    // 0 is accepted on purpose: no prior, the partner's own record alone ("a prior of no strength" above);
    // bayesianMean and rateWithPrior give the prior itself when there is neither prior nor evidence.
    expect(accepts({ reputation: { priorStrength: 0 }, reliability: { priorStrength: 0 } })).toBe(true);
  });

  it('knows only the special groups of the submission form for home visits', () => {
    expect(accepts({ homeVisitGroups: ['livingAlone', 'infant'] })).toBe(true);
    expect(accepts({ homeVisitGroups: ['pets'] })).toBe(false);
  });

  it('has the README defaults', () => {
    expect(defaultMatchingSettings).toEqual({
      weights: {
        skill: 0.2,
        proximity: 0.25,
        reputation: 0.2,
        reliability: 0.15,
        loadBalance: 0.2,
        priceFit: 0.15,
        earliestAvailability: 0.25,
      },
      offerTimeoutMinutes: { normal: 10, urgent: 3 },
      maxAttempts: 5,
      horizonHours: { normal: 168, urgent: 2 },
      reputation: { priorStrength: 5, priorMean: 4 },
      reliability: { priorRate: 0.8, priorStrength: 5 },
      proximity: { fullGradeWithinKm: 1, zeroGradeAtKm: 5 },
      recentOrdersHalfGradeAt: 5,
      homeVisitGroups: ['elderly80', 'disabled', 'seriouslyIll'],
      // Services done at the resident's home, where the home-visit rule applies (#8).
      homeVisitCategories: ['mealAssistance', 'homeCare', 'hospitalEscort', 'housekeeping', 'repairs', 'haircut', 'laundry', 'proxyPaperwork', 'medicalService', 'physiotherapy'],
      waitingLimitMinutes: { normal: 1440, urgent: 30 },
      watchdogMinutes: { normal: 1440, urgent: 60 },
      runnerUps: 3,
    });
  });
});

describe('grades at their edges', () => {
  const needLocation = { lat: 30.2741, lng: 120.1551 };

  it('gives proximity 1 at the same spot and 0 far away, by distance even when the partner serves the grid', () => {
    expect(
      gradeProximity(candidate({ base: needLocation, serviceArea: { grids: ['hehua-1'] } }), context({ location: needLocation })),
    ).toBe(1);
    expect(
      gradeProximity(candidate({ base: { lat: 31, lng: 121 }, serviceArea: { grids: ['hehua-1'] } }), context({ location: needLocation })),
    ).toBe(0);
  });

  it('grades proximity by area when the need has a grid the partner does not list', () => {
    expect(gradeProximity(candidate({ serviceArea: { grids: ['hehua-2'], communities: ['hehua'] } }), context({ gridId: 'hehua-1' }))).toBe(
      0.6,
    );
    // A need without a grid is served by any grid of its community (#8): graded as the same community.
    expect(gradeProximity(candidate({ serviceArea: { grids: ['hehua-1'] } }), context({ gridId: undefined }))).toBe(0.6);
  });

  it('counts open orders beyond capacity as full in load balance', () => {
    expect(gradeLoadBalance(candidate({ capacity: 2 }, { openOrders: 5, recentOrders: 0 }), context())).toBe(0.5);
  });

  it('grades earliest availability by how far into the range duty starts', () => {
    const fromHalfPastNine = candidate({ schedule: { weekly: [{ day: 2, from: '09:30', to: '12:00' }] } });
    const never = candidate({ schedule: { weekly: [] } });

    expect(gradeEarliestAvailability(fromHalfPastNine, context({ urgency: 'urgent' }))).toBe(0.75);
    expect(gradeEarliestAvailability(never, context({ urgency: 'urgent' }))).toBe(0);
  });

  it('gives every term weight 0 when a district weighs every applying term 0', () => {
    const none = matchingSettingsSchema.parse({
      weights: { skill: 0, proximity: 0, reputation: 0, reliability: 0, loadBalance: 0, priceFit: 5, earliestAvailability: 5 },
    });

    expect(termWeights(context({}, { settings: none }))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(scoreCandidate(candidate(), context({}, { settings: none }))).toEqual({ score: 0, terms: [] });
  });
});

describe('ranking ties', () => {
  // Load balance weighed 0, so open orders do not move the score and only break ties.
  const settings = matchingSettingsSchema.parse({ weights: { loadBalance: 0 } });
  const tied = [
    candidate({ id: 'b' }, { openOrders: 2 }),
    candidate({ id: 'c' }, { openOrders: 1 }),
    candidate({ id: 'a' }, { openOrders: 1 }),
  ];
  const orders = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
  ];

  it('go to fewer open orders, then to the lower id, whatever the arrival order', () => {
    for (const order of orders) {
      const arriving = order.map((index) => tied[index]).filter((entry) => entry !== undefined);
      const ranking = rankCandidates(request(), arriving, settings, district(), tuesdayMorning, { limit: 3 });

      expect(
        ranking.ranked.map((entry) => entry.partnerId),
        order.join(),
      ).toEqual(['a', 'c', 'b']);
      expect(new Set(ranking.ranked.map((entry) => entry.score)).size).toBe(1);
    }
  });
});

describe('leading terms', () => {
  const settings = defaultMatchingSettings;
  const rank = (candidates: Parameters<typeof rankCandidates>[1]) =>
    rankCandidates(request(), candidates, settings, district(), tuesdayMorning);

  it('are the terms on which the chosen partner grades highest of all eligible', () => {
    const chosen = rank([
      candidate({ id: 'near', serviceArea: { grids: ['hehua-1'] }, capabilities: [{ category: 'repairs', skillLevel: 4 }] }),
      candidate({ id: 'skilled', capabilities: [{ category: 'repairs', skillLevel: 5 }] }, { recentOrders: 1 }),
    ]).chosen;

    expect(chosen?.partnerId).toBe('near');
    expect(chosen?.leadingTerms).toEqual(['proximity', 'reputation', 'reliability', 'loadBalance']);
  });

  it('are none when the chosen partner was the only one eligible', () => {
    const chosen = rank([
      candidate({ id: 'alone' }),
      candidate({ id: 'off', status: 'suspended', capabilities: [{ category: 'repairs', skillLevel: 5 }] }),
    ]).chosen;

    expect(chosen?.leadingTerms).toEqual([]);
  });

  it('leave out terms that do not apply to the need', () => {
    const chosen = rank([candidate({ id: 'x', priceMode: 'free' }), candidate({ id: 'y' }, { recentOrders: 3 })]).chosen;

    expect(chosen?.leadingTerms).not.toContain('priceFit');
    expect(chosen?.leadingTerms).not.toContain('earliestAvailability');
  });
});
