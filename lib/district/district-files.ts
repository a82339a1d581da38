/**
 * Reads the district config files in infra/districts/. Used by the CDK app and the local runtime;
 * Lambda handlers get their district's config bundled instead (see current-district.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DistrictConfig, parseDistrictConfig } from './district-config.ts';
// A district file's errors are read by people: in words, not zod/mini's bare "Invalid input".
import '../common/zod-messages.ts';

export const districtsDirectory = new URL('../../infra/districts/', import.meta.url).pathname;

export function loadDistrictFiles(directory = districtsDirectory): DistrictConfig[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const path = join(directory, file);
      const config = parseDistrictConfig(JSON.parse(readFileSync(path, 'utf8')), path);
      if (`${config.id}.json` !== file) throw new Error(`${path}: file name must be ${config.id}.json`);
      return config;
    });
}

export function loadDistrictFile(districtId: string, directory = districtsDirectory): DistrictConfig {
  const found = loadDistrictFiles(directory).find((config) => config.id === districtId);
  if (!found) throw new Error(`No district "${districtId}" in ${directory}`);
  return found;
}
