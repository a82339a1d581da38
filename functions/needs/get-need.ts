import { NotFound } from '#lib/common/domain-errors.ts';
import { getNeed } from '#lib/data/needs-repository.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { residentView } from '#lib/needs/need-views.ts';
import { trackingTokenMatches } from '#lib/needs/tracking-token.ts';

const needIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A wrong or missing token answers exactly like an unknown id, so ids cannot be probed. */
export async function getNeedForResident(event: HttpEvent) {
  const needId = event.pathParameters?.id ?? '';
  const need = needIdPattern.test(needId) ? await getNeed(needId) : undefined;
  if (!need || !trackingTokenMatches(event.headers['x-tracking-token'], need.trackingTokenHash)) {
    throw new NotFound('need');
  }
  return jsonResponse(200, residentView(need));
}

export const handler = httpHandler(getNeedForResident);
