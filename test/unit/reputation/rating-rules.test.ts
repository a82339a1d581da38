import { describe, expect, it } from 'vitest';
import { newPartnerStanding } from '#lib/matching/candidate.ts';
import { defaultMatchingSettings, matchingSettingsSchema } from '#lib/matching/matching-settings.ts';
import { canRate } from '#lib/needs/need.ts';
import { gradeLevels, partnerGrade } from '#lib/reputation/partner-grade.ts';
import { pointsForRatedOrder, pointsRulesSchema } from '#lib/reputation/points-rules.ts';
import { needsFollowUp, rateNeed, ratingSchema } from '#lib/reputation/rating.ts';
import { completed, later, started } from '../orders/order-fixtures.ts';

const fourteenDays = 14 * 24 * 60;

describe('follow-ups', () => {
  it('open for 1 and 2 stars only', () => {
    expect([1, 2, 3, 4, 5].map((stars) => needsFollowUp({ stars }))).toEqual([true, true, false, false, false]);
  });
});

describe('rating an order', () => {
  it('is possible up to exactly 14 days after completion, and not a moment later', () => {
    expect(canRate(completed(), later(90 + fourteenDays))).toBe(true);
    expect(canRate(completed(), new Date(later(90 + fourteenDays).getTime() + 1))).toBe(false);
  });

  it('keeps the rating on the need and makes the record for the partner', () => {
    const { need, rating } = rateNeed(completed(), { stars: 4, comment: '很好', tags: ['onTime'] }, later(100));

    expect(need).toMatchObject({
      rating: { stars: 4, comment: '很好', tags: ['onTime'], at: later(100).toISOString() },
      version: completed().version + 1,
    });
    expect(need.updatedAt).toBe(later(100).toISOString());
    expect(rating).toEqual({
      stars: 4,
      comment: '很好',
      tags: ['onTime'],
      needId: 'n1',
      partnerId: 'p1',
      category: 'repairs',
      specialGroups: ['elderly80'],
      at: later(100).toISOString(),
    });
  });

  it('stores no comment when the resident wrote none', () => {
    expect(rateNeed(completed(), { stars: 5, tags: [] }, later(100)).need.rating).toEqual({
      stars: 5,
      tags: [],
      at: later(100).toISOString(),
    });
  });

  it('says why it is refused', () => {
    const rated = rateNeed(completed(), { stars: 5, tags: [] }, later(100)).need;

    expect(() => rateNeed(rated, { stars: 5, tags: [] }, later(101))).toThrow('this order has already been rated');
    expect(() => rateNeed(started(), { stars: 5, tags: [] }, later(101))).toThrow(
      'only a completed order can be rated; this one is started',
    );
    expect(() => rateNeed(completed(), { stars: 5, tags: [] }, later(91 + fourteenDays))).toThrow(
      'the 14 days for rating this order have passed',
    );
    expect(() => rateNeed({ ...completed(), assignedPartner: undefined }, { stars: 5, tags: [] }, later(100))).toThrow(
      'this order has no partner to rate',
    );
  });

  it('takes 1 to 5 whole stars, known tags once each, and a short comment', () => {
    const accepts = (input: unknown) => ratingSchema.safeParse(input).success;

    expect([0, 1, 5, 6, 4.5].map((stars) => accepts({ stars }))).toEqual([false, true, true, false, false]);
    expect(ratingSchema.parse({ stars: 3, tags: ['late', 'late', 'tidy'] }).tags).toEqual(['late', 'tidy']);
    expect(accepts({ stars: 3, tags: ['rude'] })).toBe(false);
    expect(accepts({ stars: 3, comment: 'x'.repeat(500) })).toBe(true);
    expect(accepts({ stars: 3, comment: 'x'.repeat(501) })).toBe(false);
    expect(accepts({ stars: 3, extra: 1 })).toBe(false);
  });
});

describe('partner grade', () => {
  it('has six levels at the documented thresholds', () => {
    expect(gradeLevels.map((entry) => [entry.level, entry.from, entry.name.zh, entry.name.en])).toEqual([
      [6, 0.9, '卓越', 'Outstanding'],
      [5, 0.8, '优秀', 'Excellent'],
      [4, 0.7, '良好', 'Good'],
      [3, 0.6, '合格', 'Satisfactory'],
      [2, 0.45, '待改进', 'Needs work'],
      [1, 0, '不合格', 'Failing'],
    ]);
  });

  it('scores 0.6 × reputation + 0.4 × reliability and takes the level whose threshold it reaches', () => {
    // No priors: the score is the partner's own record. 3.4★ → 0.6; rates 0.75 and 0.75 → 0.75.
    const noPrior = matchingSettingsSchema.parse({ reputation: { priorStrength: 0 }, reliability: { priorStrength: 0 } });
    const grade = partnerGrade(
      {
        ...newPartnerStanding('p'),
        reputation: { mean: 3.4, count: 10 },
        reliability: { offered: 4, accepted: 3, completed: 3, cancelled: 1 },
      },
      noPrior,
    );

    expect(grade).toEqual({
      level: 3,
      name: { zh: '合格', en: 'Satisfactory' },
      score: 0.66,
      reputation: { shrunkMean: 3.4, ratings: 10 },
      reliability: { acceptance: 0.75, completion: 0.75 },
    });
  });

  it('reaches a level exactly at its threshold', () => {
    const noPrior = matchingSettingsSchema.parse({ reputation: { priorStrength: 0 }, reliability: { priorStrength: 0 } });
    // 5★ → 1 and rates 0.75 → 0.6 + 0.3 = 0.9.
    const atNinety = partnerGrade(
      {
        ...newPartnerStanding('p'),
        reputation: { mean: 5, count: 3 },
        reliability: { offered: 4, accepted: 3, completed: 3, cancelled: 1 },
      },
      noPrior,
    );

    expect(atNinety.level).toBe(6);
  });

  it('shrinks towards the district mean when one is given', () => {
    const grade = partnerGrade(newPartnerStanding('p'), defaultMatchingSettings, 3);

    expect(grade.reputation.shrunkMean).toBe(3);
    expect(grade.score).toBe(0.62);
  });
});

describe('points', () => {
  const rules = pointsRulesSchema.parse({});

  it('credits each bonus on its own condition', () => {
    expect(pointsForRatedOrder({ priceMode: 'lowCost', specialGroups: [], stars: 5 }, rules)).toEqual({
      points: 12,
      reasons: ['completed order', 'five-star rating'],
    });
    expect(pointsForRatedOrder({ priceMode: 'market', specialGroups: ['infant'], stars: 4 }, rules)).toEqual({
      points: 15,
      reasons: ['completed order', 'special group served'],
    });
    expect(pointsForRatedOrder({ priceMode: 'free', specialGroups: [], stars: 1 }, rules)).toEqual({
      points: 15,
      reasons: ['completed order', 'free service'],
    });
  });

  it('names no reason worth zero points', () => {
    const noBase = pointsRulesSchema.parse({ perCompletedOrder: 0, fiveStarBonus: 0 });

    expect(pointsForRatedOrder({ priceMode: 'free', specialGroups: [], stars: 5 }, noBase)).toEqual({
      points: 5,
      reasons: ['free service'],
    });
  });

  it('has the README defaults and refuses negative or fractional points', () => {
    expect(rules).toEqual({ perCompletedOrder: 10, freeServiceBonus: 5, specialGroupBonus: 5, fiveStarBonus: 2 });
    expect(pointsRulesSchema.safeParse({ perCompletedOrder: -1 }).success).toBe(false);
    expect(pointsRulesSchema.parse({ perCompletedOrder: 8, freeServiceBonus: 3, specialGroupBonus: 4, fiveStarBonus: 1 })).toEqual({
      perCompletedOrder: 8,
      freeServiceBonus: 3,
      specialGroupBonus: 4,
      fiveStarBonus: 1,
    });
    expect(pointsRulesSchema.safeParse({ fiveStarBonus: 1.5 }).success).toBe(false);
  });
});

describe('what a resident is told about a refused rating', () => {
  const problemsOf = (input: unknown) => {
    const result = ratingSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
  };

  it('names the rule broken', () => {
    expect(problemsOf({ stars: 4.5 })).toEqual(['a whole number of stars']);
    expect(problemsOf({ stars: 0 })).toEqual(['1 to 5 stars']);
    expect(problemsOf({ stars: 6 })).toEqual(['1 to 5 stars']);
    expect(problemsOf({ stars: 3, comment: 'x'.repeat(501) })).toEqual(['at most 500 characters']);
  });

  it('has no tags unless given', () => {
    expect(ratingSchema.parse({ stars: 3 }).tags).toEqual([]);
  });

  it('trims the comment', () => {
    expect(ratingSchema.parse({ stars: 3, comment: '  好  ' }).comment).toBe('好');
  });
});
