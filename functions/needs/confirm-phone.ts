import { confirmationRequestSchema } from '#lib/api/request-schemas.ts';
import { now } from '#lib/common/clock.ts';
import { clientAddressOf } from '#lib/http/client-address.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { liveDistrict } from '#lib/settings/live-district.ts';
import { confirmPhone, resendCode } from '#lib/use-cases/confirm-phone.ts';
import { residentPage } from '#lib/use-cases/resident-needs.ts';
import { admitClient } from '#lib/use-cases/submit-need.ts';

/** A new phone number's SMS code: `{ code }` confirms it (the need goes to matching), `{ resend: true }` sends another. */
export async function confirmPhoneForResident(event: HttpEvent) {
  const body = parseInput(confirmationRequestSchema, event.jsonBody);
  const needId = event.pathParameters?.id ?? '';
  const token = event.headers['x-tracking-token'];
  const district = await liveDistrict();
  // The same per-client bucket as submits: many needs' codes cannot be guessed from one client.
  await admitClient(district, clientAddressOf(event), now());
  if (body.code === undefined) {
    const { need, confirmation } = await resendCode(needId, token, district);
    return jsonResponse(202, { id: need.id, status: need.status, confirmation });
  }
  return jsonResponse(200, await residentPage(await confirmPhone(needId, token, body.code, district), district));
}

export const handler = httpHandler(confirmPhoneForResident, { jsonBody: true });
