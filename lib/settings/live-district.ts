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

/** The settings in force: the item's, or the district file's (version 0) while there is none. */
export async function liveSettings(now = Date.now()): Promise<SettingsRecord> {
  if (cached && now - cached.readAt < cacheMilliseconds()) return cached.record;
  const record = (await getStoredSettings()) ?? { settings: settingsOfDistrict(currentDistrict()), version: 0 };
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
