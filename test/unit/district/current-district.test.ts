/**
 * The bundles carry each district's config as the district schema gave it, and
 * lib/district/current-district.ts reads it without parsing it again: that is only sound if the
 * schema's output, through JSON (how the bundler and the local runtime hand it over), is what the
 * schema would give for it again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseDistrictConfig } from '#lib/district/district-config.ts';
import { loadDistrictFiles } from '#lib/district/district-files.ts';

describe('the district config a bundle carries', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it.each(loadDistrictFiles().map((district) => [district.id, district] as const))('is its own fixed point through JSON for %s', (_id, district) => {
    const handedOver = JSON.parse(JSON.stringify(district));
    expect(parseDistrictConfig(handedOver)).toStrictEqual(handedOver);
    // JSON loses nothing of it: no undefined, Date, Map or Set the schema would have produced.
    expect(handedOver).toStrictEqual(district);
  });

  it('is read once from DISTRICT_CONFIG and refuses to start without it', async () => {
    const [district] = loadDistrictFiles();
    vi.stubEnv('DISTRICT_CONFIG', JSON.stringify(district));
    const { currentDistrict } = await import('#lib/district/current-district.ts');
    expect(currentDistrict()).toEqual(district);
    expect(currentDistrict()).toBe(currentDistrict());
    vi.resetModules();
    vi.stubEnv('DISTRICT_CONFIG', '');
    const fresh = await import('#lib/district/current-district.ts');
    expect(() => fresh.currentDistrict()).toThrow('DISTRICT_CONFIG is not set');
  });
});
