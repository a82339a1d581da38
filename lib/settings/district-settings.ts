/**
 * What operators tune at run time (scoring weights, offer windows, attempt and waiting limits,
 * points rules, enabled categories): the district file's own sections, validated with the file's
 * own schemas, so a field added to the file's `matching` or `points` comes along here unchanged.
 * The table's settings item overrides the file's sections; everything else (communities, time zone,
 * identity) stays as deployed.
 */
import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod/mini';
import type { DistrictConfig } from '../district/district-config.ts';
import { enabledCategoriesSection, matchingSection, pointsSection } from '../district/tunable-sections.ts';

export const districtSettingsSchema = z.strictObject({
  enabledCategories: enabledCategoriesSection,
  matching: matchingSection,
  points: pointsSection,
});

export type DistrictSettings = z.output<typeof districtSettingsSchema>;

export const settingsSections = Object.keys(districtSettingsSchema.shape) as Array<keyof DistrictSettings>;

export interface SettingsChange {
  version: number;
  by: string;
  at: string;
  reason: string;
  /** Dotted paths of the values that changed, e.g. `matching.weights.proximity`. */
  changed: Array<{ path: string; from: unknown; to: unknown }>;
}

export interface SettingsRecord {
  settings: DistrictSettings;
  /** 0 while the district file's values have never been changed through the API. */
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

export function settingsOfDistrict(district: DistrictConfig): DistrictSettings {
  return { enabledCategories: district.enabledCategories, matching: district.matching, points: district.points };
}

/** The district as deployed, with the settings item's sections in place of the file's. */
export function districtWithSettings(district: DistrictConfig, settings: DistrictSettings): DistrictConfig {
  return { ...district, ...settings };
}

/** Every leaf that differs between two settings, in a stable order; arrays compare whole. */
export function settingsDifferences(before: unknown, after: unknown, path = ''): SettingsChange['changed'] {
  if (isDeepStrictEqual(before, after)) return [];
  const bothObjects = isPlainObject(before) && isPlainObject(after);
  if (!bothObjects) return [{ path: path || '(root)', from: before ?? null, to: after ?? null }];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((key) => settingsDifferences(before[key], after[key], path ? `${path}.${key}` : key));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** PUT /district/settings: the whole settings (as GET returned them, edited), the version they were read at, and why. */
export const settingsChangeRequestSchema = z.strictObject({
  settings: districtSettingsSchema,
  version: z.number().check(z.int(), z.minimum(0)),
  reason: z.string().check(z.trim(), z.minLength(1, 'say why'), z.maxLength(300, 'at most 300 characters')),
});

export const settingsHistoryLimit = 20;
