import * as z from 'zod';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { cancelNeedAsResident, residentPage } from '#lib/use-cases/resident-needs.ts';

const district = currentDistrict();
const cancelSchema = z.strictObject({ reason: z.string().trim().min(1).max(200, 'at most 200 characters').optional() });

/** The resident withdraws the need until the partner has started; cancelling twice answers the cancelled need. */
export async function cancelNeedForResident(event: HttpEvent) {
  const { reason } = parseInput(cancelSchema, event.jsonBody ?? {});
  const cancelled = await cancelNeedAsResident(event.pathParameters?.id ?? '', event.headers['x-tracking-token'], reason);
  return jsonResponse(200, await residentPage(cancelled, district));
}

export const handler = httpHandler(cancelNeedForResident, { jsonBody: 'optional' });
