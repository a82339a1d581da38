import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { escalationListQuerySchema } from '#lib/needs/operator-requests.ts';
import { needsForDesk } from '#lib/use-cases/list-needs.ts';

const district = currentDistrict();

/** The operators' queue of needs no partner could take (吹哨), oldest first by default, a page at a time. */
export async function listEscalations(event: HttpEvent) {
  const query = parseInput(escalationListQuerySchema, event.queryStringParameters ?? {});
  const page = await needsForDesk({ ...query, status: 'escalated' }, district);
  return jsonResponse(200, { needs: page.items, ...(page.cursor ? { cursor: page.cursor } : {}) });
}

export const handler = httpHandler(listEscalations);
