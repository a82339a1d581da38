import { openFollowUps } from '#lib/data/ratings-repository.ts';
import { jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';

/** Low ratings waiting for a follow-up visit or call (回访), oldest first. */
export async function listFollowUps() {
  return jsonResponse(200, { followUps: await openFollowUps() });
}

export const handler = httpHandler(listFollowUps);
