import { describe, expect, it } from 'vitest';
import { newPartnerStanding, partnerStandingSchema } from '../../../lib/matching/candidate.ts';
import { matchRequestSchema } from '../../../lib/matching/match-request.ts';
import { matchingSettingsSchema } from '../../../lib/matching/matching-settings.ts';

describe('schemas of the matcher', () => {
  it('says what is wrong with a proximity scale that never falls', () => {
    const result = matchingSettingsSchema.safeParse({ proximity: { fullGradeWithinKm: 3, zeroGradeAtKm: 3 } });

    expect(result.success ? [] : result.error.issues.map((issue) => issue.message)).toEqual([
      'zeroGradeAtKm must be greater than fullGradeWithinKm',
    ]);
  });

  it('starts a partner with no orders, no ratings and no history', () => {
    expect(newPartnerStanding('p1')).toEqual({
      partnerId: 'p1',
      openOrders: 0,
      recentOrders: 0,
      reputation: { mean: 5, count: 0 },
      reliability: { offered: 0, accepted: 0, completed: 0, cancelled: 0 },
    });
  });

  it('refuses a standing with negative or fractional counts, or a mean off the star scale', () => {
    for (const standing of [
      { openOrders: -1 },
      { recentOrders: 1.5 },
      { reputation: { mean: 0.5 } },
      { reputation: { mean: 5.5 } },
      { reliability: { cancelled: -2 } },
    ]) {
      expect(partnerStandingSchema.safeParse({ partnerId: 'p1', ...standing }).success, JSON.stringify(standing)).toBe(false);
    }
    expect(partnerStandingSchema.safeParse({ partnerId: '' }).success).toBe(false);
  });

  it('reads a request with defaults for urgency, groups and exclusions, and says why a window is refused', () => {
    expect(
      matchRequestSchema.parse({ needId: 'n', category: 'repairs', communityId: 'hehua', submittedAt: '2025-03-04T01:00:00Z' }),
    ).toEqual({
      needId: 'n',
      category: 'repairs',
      communityId: 'hehua',
      submittedAt: '2025-03-04T01:00:00Z',
      urgency: 'normal',
      specialGroups: [],
      excludedPartnerIds: [],
    });
    const result = matchRequestSchema.safeParse({
      needId: 'n',
      category: 'repairs',
      communityId: 'hehua',
      submittedAt: '2025-03-04T01:00:00Z',
      preferredWindow: { from: '2025-03-04T02:00:00Z', to: '2025-03-04T01:00:00Z' },
    });
    expect(result.success ? [] : result.error.issues.map((issue) => issue.message)).toEqual(['the window must end after it starts']);
  });
});
