import * as z from 'zod/mini';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { decodeCursor, encodeCursor } from '#lib/partners/list-cursor.ts';
import { followUpsWithNeeds } from '#lib/use-cases/list-follow-ups.ts';

const querySchema = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 100),
  cursor: z.optional(z.string().check(z.maxLength(4000))),
});

/** Low ratings waiting for a follow-up visit or call (回访), oldest first, a page at a time, each with what its need was. */
export async function listFollowUps(event: HttpEvent) {
  const query = parseInput(querySchema, event.queryStringParameters ?? {});
  const page = await followUpsWithNeeds({ limit: query.limit, ...(query.cursor ? { start: decodeCursor(query.cursor, 'followUps') } : {}) });
  return jsonResponse(200, { followUps: page.followUps, ...(page.next ? { cursor: encodeCursor(page.next, 'followUps') } : {}) });
}

export const handler = httpHandler(listFollowUps);
