/**
 * Loads the need a resident's request is about, for the holder of its tracking token only.
 * A wrong or missing token answers exactly like an unknown id, so ids cannot be probed.
 */
import { NotFound } from '../common/domain-errors.ts';
import { getNeed } from '../data/needs-repository.ts';
import { isNeedId, type Need } from '../needs/need.ts';
import { trackingTokenMatches } from '../needs/tracking-token.ts';
import type { HttpEvent } from './http-event.ts';

export async function needForResident(event: HttpEvent): Promise<Need> {
  const needId = event.pathParameters?.id ?? '';
  const need = isNeedId(needId) ? await getNeed(needId) : undefined;
  if (!need || !trackingTokenMatches(event.headers['x-tracking-token'], need.trackingTokenHash)) {
    throw new NotFound('need');
  }
  return need;
}
