import * as z from 'zod';
import { openFollowUps } from '#lib/data/ratings-repository.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { decodeCursor, encodeCursor } from '#lib/partners/list-cursor.ts';

const querySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(100), cursor: z.string().max(4000).optional() });

/** Low ratings waiting for a follow-up visit or call (回访), oldest first, a page at a time. */
export async function listFollowUps(event: HttpEvent) {
  const query = parseInput(querySchema, event.queryStringParameters ?? {});
  const page = await openFollowUps({ limit: query.limit, ...(query.cursor ? { start: decodeCursor(query.cursor, 'followUps') } : {}) });
  return jsonResponse(200, { followUps: page.followUps, ...(page.next ? { cursor: encodeCursor(page.next, 'followUps') } : {}) });
}

export const handler = httpHandler(listFollowUps);
