import { operatorPageQuerySchema } from '#lib/api/request-schemas.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { decodeCursor, encodeCursor } from '#lib/partners/list-cursor.ts';
import { unitsPage } from '#lib/use-cases/co-building-units.ts';


/** The district's co-building units by name, a page at a time. */
export async function listUnitsForOperator(event: HttpEvent) {
  const query = parseInput(operatorPageQuerySchema, event.queryStringParameters ?? {});
  const page = await unitsPage(query.limit, query.cursor ? decodeCursor(query.cursor, 'units') : undefined);
  return jsonResponse(200, { items: page.units, ...(page.next ? { cursor: encodeCursor(page.next, 'units') } : {}) });
}

export const handler = httpHandler(listUnitsForOperator);
