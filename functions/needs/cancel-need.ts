import { liveDistrict } from '#lib/settings/live-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { cancelSchema } from '#lib/api/request-schemas.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { cancelNeedAsResident, residentPage } from '#lib/use-cases/resident-needs.ts';

/** The resident withdraws the need until the partner has started; cancelling twice answers the cancelled need. */
export async function cancelNeedForResident(event: HttpEvent) {
  const { reason } = parseInput(cancelSchema, event.jsonBody ?? {});
  const cancelled = await cancelNeedAsResident(event.pathParameters?.id ?? '', event.headers['x-tracking-token'], reason);
  return jsonResponse(200, await residentPage(cancelled, await liveDistrict()));
}

export const handler = httpHandler(cancelNeedForResident, { jsonBody: 'optional' });
