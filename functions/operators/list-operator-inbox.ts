import { operatorPageQuerySchema } from '#lib/api/request-schemas.ts';
import { now } from '#lib/common/clock.ts';
import { operatorInbox } from '#lib/data/operator-inbox-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { decodeCursor, encodeCursor } from '#lib/partners/list-cursor.ts';

const { retentionDays } = currentDistrict().operatorAlerts;

/** The operators' inbox: every escalation and watchdog alert of the retention period, newest first, a page at a time. */
export async function listOperatorInbox(event: HttpEvent) {
  const query = parseInput(operatorPageQuerySchema, event.queryStringParameters ?? {});
  const start = query.cursor ? decodeCursor(query.cursor, 'inbox') : undefined;
  const page = await operatorInbox({ limit: query.limit, now: now(), retentionDays, ...(start ? { start } : {}) });
  return jsonResponse(200, { alerts: page.alerts, ...(page.next ? { cursor: encodeCursor(page.next, 'inbox') } : {}) });
}

export const handler = httpHandler(listOperatorInbox);
