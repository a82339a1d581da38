import { Conflict } from '#lib/common/domain-errors.ts';
import { StaleSettings, saveSettings } from '#lib/data/settings-repository.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { logger } from '#lib/observability/logger.ts';
import { callerSubject, etagOf, expectedVersion } from '#lib/partners/partner-requests.ts';
import { settingsChangeRequestSchema, settingsDifferences } from '#lib/settings/district-settings.ts';
import { currentSettings, forgetLiveSettings } from '#lib/settings/live-district.ts';

/**
 * An operator replaces the district's settings, based on the version read: 409 with the current
 * version when someone changed them since. The change is kept with who, when, what and why; every
 * container picks it up when its short cache runs out.
 */
export async function putDistrictSettings(event: HttpEvent) {
  const by = callerSubject(event);
  const input = parseInput(settingsChangeRequestSchema, event.jsonBody);
  const basedOn = expectedVersion(event, input.version) ?? input.version;
  const current = await currentSettings();
  if (current.version !== basedOn) throw new Conflict(`the settings changed since version ${basedOn}`, { version: current.version });

  const changed = settingsDifferences(current.settings, input.settings);
  if (changed.length === 0) return jsonResponse(200, current, { etag: etagOf(current.version) });
  const at = new Date().toISOString();
  const version = current.version + 1;
  try {
    await saveSettings(input.settings, { version, by, at, reason: input.reason, changed }, current.version);
  } catch (error) {
    if (!(error instanceof StaleSettings)) throw error;
    throw new Conflict(`the settings changed since version ${basedOn}`, { version: (await currentSettings()).version });
  } finally {
    forgetLiveSettings();
  }
  logger.info('district settings changed', { version, by, paths: changed.map((change) => change.path) });
  return jsonResponse(200, { settings: input.settings, version, updatedAt: at, updatedBy: by }, { etag: etagOf(version) });
}

export const handler = httpHandler(putDistrictSettings, { jsonBody: true });
