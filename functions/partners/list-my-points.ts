import { pointsLedger } from '#lib/data/partner-work-repository.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { partnerIdOf } from '#lib/http/partner-orders.ts';
import { pageQuerySchema } from '#lib/http/page-query.ts';
import { parseInput } from '#lib/http/validate.ts';
import { decodeCursor, encodeCursor } from '#lib/partners/list-cursor.ts';

/** The calling partner's points ledger (积分明细): one entry per rated order, what it earned and why. */
export async function listMyPoints(event: HttpEvent) {
  const partnerId = await partnerIdOf(event);
  const query = parseInput(pageQuerySchema, event.queryStringParameters ?? {});
  const page = await pointsLedger(partnerId, { limit: query.limit, ...(query.cursor ? { start: decodeCursor(query.cursor, partnerId) } : {}) });
  return jsonResponse(200, {
    entries: [...page.items].sort((left, right) => right.at.localeCompare(left.at)),
    ...(page.next ? { cursor: encodeCursor(page.next, partnerId) } : {}),
  });
}

export const handler = httpHandler(listMyPoints);
