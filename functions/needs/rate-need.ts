import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { ratingSchema } from '#lib/reputation/rating.ts';
import { rateNeedAsResident, residentPage } from '#lib/use-cases/resident-needs.ts';

const district = currentDistrict();

/** The resident rates a completed order, once, within the rating window; the stream does the rest. */
export async function rateNeedForResident(event: HttpEvent) {
  const input = parseInput(ratingSchema, event.jsonBody);
  const rated = await rateNeedAsResident(event.pathParameters?.id ?? '', event.headers['x-tracking-token'], input);
  return jsonResponse(201, await residentPage(rated, district));
}

export const handler = httpHandler(rateNeedForResident, { jsonBody: true });
