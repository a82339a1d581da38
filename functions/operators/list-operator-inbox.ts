import { operatorPageQuerySchema } from '#lib/api/request-schemas.ts';
import { operatorInbox } from '#lib/data/sent-messages-repository.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { decodeCursor, encodeCursor } from '#lib/partners/list-cursor.ts';


/** The operators' inbox: every escalation and watchdog alert, newest first, a page at a time. */
export async function listOperatorInbox(event: HttpEvent) {
  const query = parseInput(operatorPageQuerySchema, event.queryStringParameters ?? {});
  const page = await operatorInbox({ limit: query.limit, ...(query.cursor ? { start: decodeCursor(query.cursor, 'inbox') } : {}) });
  return jsonResponse(200, { alerts: page.alerts, ...(page.next ? { cursor: encodeCursor(page.next, 'inbox') } : {}) });
}

export const handler = httpHandler(listOperatorInbox);
