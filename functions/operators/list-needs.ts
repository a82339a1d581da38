import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { needListQuerySchema } from '#lib/needs/operator-requests.ts';
import { needsForDesk } from '#lib/use-cases/list-needs.ts';

const district = currentDistrict();

/** The operators' desk: needs by status or community, filtered by category and creation date, a page at a time. */
export async function listNeedsForOperator(event: HttpEvent) {
  const query = parseInput(needListQuerySchema, event.queryStringParameters ?? {});
  return jsonResponse(200, await needsForDesk(query, district));
}

export const handler = httpHandler(listNeedsForOperator);
