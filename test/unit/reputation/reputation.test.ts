import { describe, expect, it } from 'vitest';
import { Conflict } from '#lib/common/domain-errors.ts';
import { newPartnerStanding } from '#lib/matching/candidate.ts';
import { defaultMatchingSettings } from '#lib/matching/matching-settings.ts';
import { moveNeed, newNeed } from '#lib/needs/need.ts';
import { partnerGrade } from '#lib/reputation/partner-grade.ts';
import { pointsForRatedOrder, pointsRulesSchema } from '#lib/reputation/points-rules.ts';
import { needsFollowUp, rateNeed } from '#lib/reputation/rating.ts';

const rules = pointsRulesSchema.parse({});

describe('partnerGrade', () => {
  it('puts a newcomer at level 4 (good) on priors alone', () => {
    const grade = partnerGrade(newPartnerStanding('p'), defaultMatchingSettings);
    expect(grade.score).toBeCloseTo(0.77, 3);
    expect(grade.level).toBe(4);
    expect(grade.name.zh).toBe('良好');
  });

  it('does not let one bad rating sink a newcomer, but many do', () => {
    const one = partnerGrade({ ...newPartnerStanding('p'), reputation: { mean: 1, count: 1 } }, defaultMatchingSettings);
    expect(one.level).toBeGreaterThanOrEqual(3);
    const many = partnerGrade(
      {
        ...newPartnerStanding('p'),
        reputation: { mean: 1.2, count: 40 },
        reliability: { offered: 40, accepted: 15, completed: 10, cancelled: 5 },
      },
      defaultMatchingSettings,
    );
    expect(many.level).toBe(1);
  });

  it('reaches the top level only on a long record of five stars and reliability', () => {
    const best = partnerGrade(
      {
        ...newPartnerStanding('p'),
        reputation: { mean: 5, count: 60 },
        reliability: { offered: 60, accepted: 60, completed: 60, cancelled: 0 },
      },
      defaultMatchingSettings,
    );
    expect(best.level).toBe(6);
  });
});

describe('pointsForRatedOrder', () => {
  it('credits the base points, and the bonuses only when they apply', () => {
    expect(pointsForRatedOrder({ priceMode: 'market', specialGroups: [], stars: 4 }, rules)).toEqual({
      points: 10,
      reasons: ['completed order'],
    });
    expect(pointsForRatedOrder({ priceMode: 'free', specialGroups: ['elderly80'], stars: 5 }, rules)).toEqual({
      points: 22,
      reasons: ['completed order', 'free service', 'special group served', 'five-star rating'],
    });
  });
});

describe('rateNeed', () => {
  const at = new Date('2026-11-23T02:00:00Z');
  const base = () =>
    newNeed(
      {
        category: 'repairs',
        description: 'x',
        communityId: 'hehua',
        urgency: 'normal',
        specialGroups: ['elderly80'],
        contact: { name: 'n', phone: '13800138000' },
      },
      { id: 'n1', districtId: 'demo', trackingTokenHash: 'h', correlationId: 'c', now: at },
    );
  const completed = () => ({
    ...moveNeed(moveNeed(moveNeed(moveNeed(base(), 'offered', at), 'accepted', at), 'started', at), 'completed', at),
    assignedPartner: { id: 'p1', name: { zh: '李师傅' } },
  });

  it('rates a completed order once, for its partner', () => {
    const { need, rating } = rateNeed(completed(), { stars: 2, tags: ['late'], comment: '来晚了' }, at);
    expect(rating).toMatchObject({ needId: 'n1', partnerId: 'p1', stars: 2, specialGroups: ['elderly80'] });
    expect(need.rating?.stars).toBe(2);
    expect(need.version).toBe(completed().version + 1);
    expect(needsFollowUp(rating)).toBe(true);
    expect(() => rateNeed(need, { stars: 5, tags: [] }, at)).toThrow(/already been rated/);
  });

  it('refuses an order that is not completed, or whose rating window has passed', () => {
    expect(() => rateNeed(base(), { stars: 5, tags: [] }, at)).toThrow(Conflict);
    expect(() => rateNeed(completed(), { stars: 5, tags: [] }, new Date('2026-12-08T00:00:00Z'))).toThrow(/14 days/);
  });
});
