import { describe, expect, it } from 'vitest';
import { loadDistrictFile } from '#lib/district/district-files.ts';
import { districtSettingsSchema, districtWithSettings, settingsDifferences, settingsOfDistrict } from '#lib/settings/district-settings.ts';

const district = loadDistrictFile('demo');

describe('district settings', () => {
  it("are the file's tunable sections, and validate with the file's schemas", () => {
    const settings = settingsOfDistrict(district);
    expect(districtSettingsSchema.parse(settings)).toEqual(settings);
    const bad = districtSettingsSchema.safeParse({ ...settings, matching: { ...settings.matching, maxAttempts: 0 } });
    expect(bad.success ? [] : bad.error.issues.map((issue) => issue.path.join('.'))).toEqual(['matching.maxAttempts']);
    expect(districtSettingsSchema.safeParse({ ...settings, communities: [] }).success).toBe(false);
  });

  it('replace only the tunable sections of the deployed district', () => {
    const settings = settingsOfDistrict(district);
    const changed = districtWithSettings(district, { ...settings, points: { ...settings.points, perCompletedOrder: 20 } });
    expect(changed.points.perCompletedOrder).toBe(20);
    expect(changed.communities).toBe(district.communities);
    expect(changed.timeZone).toBe(district.timeZone);
  });

  it('name every value that changed, by its path', () => {
    const before = settingsOfDistrict(district);
    const after = {
      ...before,
      enabledCategories: ['repairs' as const],
      matching: { ...before.matching, weights: { ...before.matching.weights, skill: 0.5 }, maxAttempts: 3 },
    };
    expect(settingsDifferences(before, after)).toEqual([
      { path: 'enabledCategories', from: before.enabledCategories ?? null, to: ['repairs'] },
      { path: 'matching.maxAttempts', from: 5, to: 3 },
      { path: 'matching.weights.skill', from: 0.2, to: 0.5 },
    ]);
    expect(settingsDifferences(before, structuredClone(before))).toEqual([]);
  });
});
