import { Conflict } from '#lib/common/domain-errors.ts';
import { getNeed } from '#lib/data/needs-repository.ts';
import { writeRating } from '#lib/data/ratings-repository.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { needForResident } from '#lib/http/resident-need.ts';
import { parseInput } from '#lib/http/validate.ts';
import { residentView } from '#lib/needs/need-views.ts';
import { rateNeed, ratingSchema } from '#lib/reputation/rating.ts';

/** The resident rates a completed order, once, within the rating window; the stream does the rest. */
export async function rateNeedForResident(event: HttpEvent) {
  const input = parseInput(ratingSchema, event.jsonBody);
  let need = await needForResident(event);
  for (let round = 1; round <= 3; round++) {
    const now = new Date();
    const rated = rateNeed(need, input, now);
    const outcome = await writeRating(rated.need, need.version, rated.rating);
    if (outcome === 'written') return jsonResponse(201, residentView(rated.need, now));
    if (outcome === 'alreadyRated') throw new Conflict('this order has already been rated', { status: need.status, rated: true });
    const reread = await getNeed(need.id);
    if (!reread) break;
    need = reread;
  }
  throw new Conflict('the need changed while it was being rated; look at it again');
}

export const handler = httpHandler(rateNeedForResident, { jsonBody: true });
