import { describe, expect, it } from 'vitest';
import { matchingSettingsSchema } from '../../../lib/matching/matching-settings.ts';

describe('matching settings', () => {
  it('has a default for everything', () => {
    const settings = matchingSettingsSchema.parse({});

    expect(settings.offerTimeoutMinutes).toEqual({ normal: 10, urgent: 3 });
    expect(settings.horizonHours).toEqual({ normal: 168, urgent: 2 });
    expect(settings.maxAttempts).toBe(5);
    expect(settings.reputation).toEqual({ priorStrength: 5, priorMean: 4 });
    expect(settings.weights.proximity).toBe(0.25);
    expect(settings.homeVisitGroups).toEqual(['elderly80', 'disabled', 'seriouslyIll']);
  });

  it('keeps the other defaults when a district overrides one field of a group', () => {
    const settings = matchingSettingsSchema.parse({ offerTimeoutMinutes: { urgent: 2 }, weights: { skill: 0.5 } });

    expect(settings.offerTimeoutMinutes).toEqual({ normal: 10, urgent: 2 });
    expect(settings.weights.skill).toBe(0.5);
    expect(settings.weights.loadBalance).toBe(0.2);
  });

  it('refuses a distance scale that never reaches zero', () => {
    expect(matchingSettingsSchema.safeParse({ proximity: { fullGradeWithinKm: 3, zeroGradeAtKm: 2 } }).success).toBe(false);
  });

  it('refuses negative weights', () => {
    expect(matchingSettingsSchema.safeParse({ weights: { skill: -1 } }).success).toBe(false);
  });
});
