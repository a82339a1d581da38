import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { needForResident } from '#lib/http/resident-need.ts';
import { residentView } from '#lib/needs/need-views.ts';
import { removePersonalDataNow } from '#lib/use-cases/remove-personal-data.ts';

/** The holder of the tracking token has the need's personal data removed now, once the need has ended. */
export async function deletePersonalData(event: HttpEvent) {
  const now = new Date();
  const cleared = await removePersonalDataNow(await needForResident(event), now);
  return jsonResponse(200, residentView(cleared, now));
}

export const handler = httpHandler(deletePersonalData);
