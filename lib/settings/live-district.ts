/**
 * The district as handlers and consumers should use it: the deployed file with the operators'
 * settings item in place of its tunable sections. Each container keeps what it read for a short
 * while (SETTINGS_CACHE_SECONDS, default 30), so a change reaches every matcher within a minute
 * without a read per record. What is already in flight keeps what it was decided with: an open
 * offer's deadline, a need's category.
 */
import { getStoredSettings } from '../data/settings-repository.ts';
import { currentDistrict } from '../district/current-district.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { districtWithSettings, type SettingsRecord, settingsOfDistrict } from './district-settings.ts';

const defaultCacheSeconds = 30;

let cached: { record: SettingsRecord; readAt: number } | undefined;

function cacheMilliseconds(): number {
  const configured = Number(process.env.SETTINGS_CACHE_SECONDS);
  return (Number.isFinite(configured) && configured >= 0 ? configured : defaultCacheSeconds) * 1000;
}

/** The settings as stored now (a consistent read, for operators' reads and changes), or the file's at version 0. */
export async function currentSettings(): Promise<SettingsRecord> {
  const record = withFileDefaults(await getStoredSettings(true));
  cached = { record, readAt: Date.now() };
  return record;
}

function withFileDefaults(stored: Awaited<ReturnType<typeof getStoredSettings>>): SettingsRecord {
  if (!stored) return { settings: settingsOfDistrict(currentDistrict()), version: 0 };
  return { ...stored, settings: stored.settings ?? settingsOfDistrict(currentDistrict()) };
}

/** The settings in force for this container: read at most once per cache period. */
export async function liveSettings(now = Date.now()): Promise<SettingsRecord> {
  if (cached && now - cached.readAt < cacheMilliseconds()) return cached.record;
  const record = withFileDefaults(await getStoredSettings());
  cached = { record, readAt: now };
  return record;
}

export async function liveDistrict(): Promise<DistrictConfig> {
  return districtWithSettings(currentDistrict(), (await liveSettings()).settings);
}

/** After this container's own change: its next read sees it at once. */
export function forgetLiveSettings(): void {
  cached = undefined;
}
