import { settingsChanges } from '#lib/data/settings-repository.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { etagOf } from '#lib/partners/partner-requests.ts';
import { settingsHistoryLimit } from '#lib/settings/district-settings.ts';
import { currentSettings } from '#lib/settings/live-district.ts';

/** The settings as stored (read afresh, not from the cache), with the latest changes: who, when, what, why. */
export async function getDistrictSettings(_event: HttpEvent) {
  const [record, history] = await Promise.all([currentSettings(), settingsChanges(settingsHistoryLimit)]);
  return jsonResponse(
    200,
    { ...record, source: record.version === 0 ? 'districtFile' : 'settingsItem', history },
    { etag: etagOf(record.version) },
  );
}

export const handler = httpHandler(getDistrictSettings);
