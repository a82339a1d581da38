import * as z from 'zod';
import { Conflict, NotFound } from '#lib/common/domain-errors.ts';
import { excludeRating, getRating } from '#lib/data/ratings-repository.ts';
import { callerOf } from '#lib/http/caller.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { isNeedId } from '#lib/needs/need.ts';

const exclusionSchema = z.strictObject({ reason: z.string().trim().min(1, 'say why').max(300, 'at most 300 characters') });

/** An operator takes a rating out of the partner's score (e.g. the resident asked for something out of scope); it is kept. */
export async function excludeRatingForOperator(event: HttpEvent) {
  const { reason } = parseInput(exclusionSchema, event.jsonBody);
  const needId = event.pathParameters?.id ?? '';
  const rating = isNeedId(needId) ? await getRating(needId) : undefined;
  if (!rating) throw new NotFound('rating');
  const excluded = { by: callerOf(event)?.subject ?? 'operator', reason, at: new Date().toISOString() };
  if (!(await excludeRating(rating, excluded))) throw new Conflict('this rating is already excluded', { excluded: rating.excluded });
  return jsonResponse(200, { ...rating, excluded });
}

export const handler = httpHandler(excludeRatingForOperator, { jsonBody: true });
