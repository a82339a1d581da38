/**
 * The district a handler serves. In Lambda the bundler replaces `process.env.DISTRICT_CONFIG` with
 * the district's JSON (a build-time define: Lambda's 4 KB environment could not hold a large
 * district); the local runtime sets the same variable at start. Read and validated once, at cold
 * start, so a bad config fails the first invocation loudly rather than some later request.
 */
import { type DistrictConfig, parseDistrictConfig } from './district-config.ts';

let cached: DistrictConfig | undefined;

export function currentDistrict(): DistrictConfig {
  if (!cached) {
    const raw = process.env.DISTRICT_CONFIG;
    if (!raw) throw new Error('DISTRICT_CONFIG is not set');
    cached = parseDistrictConfig(JSON.parse(raw), 'DISTRICT_CONFIG');
  }
  return cached;
}
