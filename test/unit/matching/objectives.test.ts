import { describe, expect, it } from 'vitest';
import { matchingSettingsSchema } from '../../../lib/matching/matching-settings.ts';
import {
  gradeEarliestAvailability,
  gradeLoadBalance,
  gradePriceFit,
  gradeProximity,
  gradeReliability,
  gradeReputation,
  gradeSkill,
  objectives,
  scoreCandidate,
  shrunkRating,
  termWeights,
} from '../../../lib/matching/objectives.ts';
import { candidate, context } from './matching-fixtures.ts';

const names = objectives.map((objective) => objective.name);

describe('term: skill', () => {
  it.each([
    [1, 0],
    [2, 0.25],
    [3, 0.5],
    [4, 0.75],
    [5, 1],
  ])('grades skill level %i as %f', (skillLevel, grade) => {
    expect(gradeSkill(candidate({ capabilities: [{ category: 'repairs', skillLevel }] }), context())).toBe(grade);
  });

  it('reads the level for the need category', () => {
    const twoSkills = candidate({
      capabilities: [
        { category: 'haircut', skillLevel: 5 },
        { category: 'repairs', skillLevel: 2 },
      ],
    });

    expect(gradeSkill(twoSkills, context({ category: 'repairs' }))).toBe(0.25);
  });
});

describe('term: proximity', () => {
  const needLocation = { lat: 30.2741, lng: 120.1551 };
  const kmNorth = (km: number) => ({ lat: needLocation.lat + km / 111.195, lng: needLocation.lng });

  it('grades the need grid 1, its community 0.6, anything else 0.2', () => {
    expect(gradeProximity(candidate({ serviceArea: { grids: ['hehua-1'] } }), context({ gridId: 'hehua-1' }))).toBe(1);
    expect(gradeProximity(candidate({ serviceArea: { communities: ['hehua'] } }), context({ gridId: 'hehua-1' }))).toBe(0.6);
    expect(gradeProximity(candidate({ serviceArea: { communities: ['liuyin'] } }), context())).toBe(0.2);
  });

  it('grades by distance when the need location and partner base are known', () => {
    const gradeAt = (km: number) => gradeProximity(candidate({ base: kmNorth(km) }), context({ location: needLocation }));

    expect(gradeAt(0)).toBe(1);
    expect(gradeAt(1)).toBeCloseTo(1, 6);
    expect(gradeAt(3)).toBeCloseTo(0.5, 3);
    expect(gradeAt(5)).toBeCloseTo(0, 3);
    expect(gradeAt(8)).toBe(0);
  });

  it('follows the district distance settings', () => {
    const settings = matchingSettingsSchema.parse({ proximity: { fullGradeWithinKm: 0, zeroGradeAtKm: 2 } });

    expect(gradeProximity(candidate({ base: kmNorth(1) }), context({ location: needLocation }, { settings }))).toBeCloseTo(0.5, 3);
  });
});

describe('term: reputation', () => {
  it('gives a partner without ratings the district mean', () => {
    const unrated = candidate({}, { reputation: { count: 0 } });

    expect(shrunkRating(unrated, context({}, { options: { districtMeanRating: 4.2 } }))).toBeCloseTo(4.2, 10);
    expect(gradeReputation(unrated, context({}, { options: { districtMeanRating: 4.2 } }))).toBeCloseTo(0.8, 10);
  });

  it('shrinks few ratings towards the mean and trusts many', () => {
    const oneFiveStar = candidate({}, { reputation: { mean: 5, count: 1 } });
    const manyFiveStars = candidate({}, { reputation: { mean: 5, count: 95 } });
    const ctx = context({}, { options: { districtMeanRating: 4 } });

    expect(shrunkRating(oneFiveStar, ctx)).toBeCloseTo((5 * 4 + 5) / 6, 10);
    expect(shrunkRating(manyFiveStars, ctx)).toBeCloseTo((5 * 4 + 95 * 5) / 100, 10);
  });

  it('maps 1 star to 0 and 5 stars to 1', () => {
    const noPrior = matchingSettingsSchema.parse({ reputation: { priorStrength: 0 } });

    expect(gradeReputation(candidate({}, { reputation: { mean: 1, count: 3 } }), context({}, { settings: noPrior }))).toBe(0);
    expect(gradeReputation(candidate({}, { reputation: { mean: 5, count: 3 } }), context({}, { settings: noPrior }))).toBe(1);
  });

  it('uses the settings prior mean when no district mean is given', () => {
    expect(shrunkRating(candidate(), context())).toBe(4);
  });
});

describe('term: reliability', () => {
  it('gives a new partner the prior rate', () => {
    expect(gradeReliability(candidate(), context())).toBeCloseTo(0.8, 10);
  });

  it('averages acceptance and completion, each with the prior', () => {
    const record = candidate({}, { reliability: { offered: 10, accepted: 5, completed: 4, cancelled: 1 } });
    const acceptance = (5 + 0.8 * 5) / (10 + 5);
    const completion = (4 + 0.8 * 5) / (5 + 5);

    expect(gradeReliability(record, context())).toBeCloseTo((acceptance + completion) / 2, 10);
  });

  it('rewards a long clean record above a new partner', () => {
    const proven = candidate({}, { reliability: { offered: 50, accepted: 50, completed: 50, cancelled: 0 } });

    expect(gradeReliability(proven, context())).toBeGreaterThan(gradeReliability(candidate(), context()));
  });
});

describe('term: load balance', () => {
  it('gives an idle partner 1', () => {
    expect(gradeLoadBalance(candidate({ capacity: 4 }, { openOrders: 0, recentOrders: 0 }), context())).toBe(1);
  });

  it('halves the open-order part by share of capacity and the rotation part at five recent orders', () => {
    expect(gradeLoadBalance(candidate({ capacity: 4 }, { openOrders: 2, recentOrders: 5 }), context())).toBeCloseTo(
      0.5 * 0.5 + 0.5 * 0.5,
      10,
    );
  });

  it('ranks fewer recent orders higher at equal open orders', () => {
    const rested = gradeLoadBalance(candidate({}, { recentOrders: 1 }), context());
    const busy = gradeLoadBalance(candidate({}, { recentOrders: 9 }), context());

    expect(rested).toBeGreaterThan(busy);
  });
});

describe('term: price fit', () => {
  it('grades free 1, low-cost 0.6, market 0.2', () => {
    expect(gradePriceFit(candidate({ priceMode: 'free' }))).toBe(1);
    expect(gradePriceFit(candidate({ priceMode: 'lowCost' }))).toBe(0.6);
    expect(gradePriceFit(candidate({ priceMode: 'market' }))).toBe(0.2);
  });

  it('applies only to needs of special groups', () => {
    const priceFit = names.indexOf('priceFit');

    expect(termWeights(context())[priceFit]).toBe(0);
    expect(termWeights(context({ specialGroups: ['livingAlone'] }))[priceFit]).toBeGreaterThan(0);
  });
});

describe('term: earliest availability', () => {
  it('gives 1 to a partner on duty now', () => {
    expect(gradeEarliestAvailability(candidate(), context({ urgency: 'urgent' }))).toBe(1);
  });

  it('falls linearly to 0 at the end of the urgent horizon', () => {
    const inAnHour = candidate({ schedule: { weekly: [{ day: 2, from: '10:00', to: '12:00' }] } });

    expect(gradeEarliestAvailability(inAnHour, context({ urgency: 'urgent' }))).toBeCloseTo(0.5, 10);
  });

  it('applies only to urgent needs', () => {
    const earliest = names.indexOf('earliestAvailability');

    expect(termWeights(context({ urgency: 'normal' }))[earliest]).toBe(0);
    expect(termWeights(context({ urgency: 'urgent' }))[earliest]).toBeGreaterThan(0);
  });
});

describe('score', () => {
  it('scales the applying weights to sum to 1', () => {
    const sum = (weights: number[]) => weights.reduce((total, weight) => total + weight, 0);

    expect(sum(termWeights(context()))).toBeCloseTo(1, 12);
    expect(sum(termWeights(context({ urgency: 'urgent', specialGroups: ['elderly80'] })))).toBeCloseTo(1, 12);
  });

  it('is the sum of the terms contributions, each weight × grade', () => {
    const { score, terms } = scoreCandidate(
      candidate({}, { openOrders: 1, reputation: { mean: 4.5, count: 8 } }),
      context({ urgency: 'urgent' }),
    );

    expect(terms.map((term) => term.name)).toEqual([
      'skill',
      'proximity',
      'reputation',
      'reliability',
      'loadBalance',
      'earliestAvailability',
    ]);
    for (const term of terms) expect(term.contribution).toBe(term.weight * term.grade);
    expect(terms.reduce((total, term) => total + term.contribution, 0)).toBe(score);
  });

  it('leaves out terms that a district weighs 0', () => {
    const settings = matchingSettingsSchema.parse({ weights: { reliability: 0 } });

    expect(scoreCandidate(candidate(), context({}, { settings })).terms.map((term) => term.name)).not.toContain('reliability');
  });
});
