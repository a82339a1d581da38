/**
 * The district a handler serves. In Lambda the bundler replaces `process.env.DISTRICT_CONFIG` with
 * the district's JSON (a build-time define: Lambda's 4 KB environment could not hold a large
 * district); the local runtime sets the same variable at start. Both write the config as the
 * district schema gave it (lib/district/district-files.ts validates it at synth and at local start,
 * and the schema's output is its own fixed point: test/unit/district/district-files.test.ts), so it
 * is not parsed again here and the schema stays out of the bundles that need nothing else of it.
 */
import type { DistrictConfig } from './district-config.ts';

let cached: DistrictConfig | undefined;

export function currentDistrict(): DistrictConfig {
  if (!cached) {
    const raw = process.env.DISTRICT_CONFIG;
    if (!raw) throw new Error('DISTRICT_CONFIG is not set');
    cached = JSON.parse(raw) as DistrictConfig;
  }
  return cached;
}
