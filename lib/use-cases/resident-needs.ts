/**
 * What a resident does with a need through its tracking token: submit it, read it, cancel it, rate
 * it. The token check happens here, so every path answers a wrong token exactly like an unknown id.
 */
import { randomUUID } from 'node:crypto';
import { now } from '../common/clock.ts';
import { Conflict, InvalidInput, NotFound } from '../common/domain-errors.ts';
import { queuePosition } from '../data/need-lists.ts';
import { createNeed, getNeed, type SubmitResult } from '../data/needs-repository.ts';
import { offersOfNeed, writeOrderChange } from '../data/offers-repository.ts';
import { writeRating } from '../data/ratings-repository.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { cancelNeed, isNeedId, type Need, newNeed } from '../needs/need.ts';
import { checkAgainstDistrict, type NeedSubmission } from '../needs/need-submission.ts';
import { residentView } from '../needs/need-views.ts';
import { idempotencyWindowHours, submissionFingerprint } from '../needs/submit-request.ts';
import { hashTrackingToken, newTrackingToken, trackingTokenMatches } from '../needs/tracking-token.ts';
import { logger } from '../observability/logger.ts';
import { withdrawOffer } from '../orders/order-steps.ts';
import { rateNeed, type RatingInput } from '../reputation/rating.ts';
import { expectWritten, retryOnStaleWrite, StaleWrite } from './retry-on-stale-write.ts';

export async function needOfTokenHolder(needId: string, token: string | undefined): Promise<Need> {
  const need = isNeedId(needId) ? await getNeed(needId) : undefined;
  if (!need || !trackingTokenMatches(token, need.trackingTokenHash)) throw new NotFound('need');
  return need;
}

/** The resident's view, with its place in the queue while it waits. */
export async function residentPage(need: Need, district: DistrictConfig) {
  const position = need.status === 'waiting' ? await queuePosition(need) : undefined;
  return residentView(need, now(), { timeZone: district.timeZone, ...(position ? { queuePosition: position } : {}) });
}

export async function submitNeed(
  submission: NeedSubmission,
  district: DistrictConfig,
  request: { correlationId: string; idempotencyKeyHash?: string | undefined },
): Promise<{ result: SubmitResult; replayed: boolean }> {
  const at = now();
  const problems = checkAgainstDistrict(submission, district, at);
  if (problems.length > 0) throw new InvalidInput(problems);
  const trackingToken = newTrackingToken();
  const need = newNeed(submission, {
    id: randomUUID(),
    districtId: district.id,
    trackingTokenHash: hashTrackingToken(trackingToken),
    correlationId: request.correlationId,
    now: at,
  });
  const result: SubmitResult = { id: need.id, trackingToken, status: 'submitted' };
  const requestHash = submissionFingerprint(submission);
  const keyHash = request.idempotencyKeyHash;
  const outcome = await createNeed(
    need,
    trackingToken,
    keyHash ? { keyHash, requestHash, result, expiresAt: new Date(at.getTime() + idempotencyWindowHours * 3_600_000) } : undefined,
  );
  if (!outcome.created) {
    if (outcome.replay.requestHash !== requestHash) throw new Conflict('this Idempotency-Key was already used for a different request');
    logger.info('submit replayed', { needId: outcome.replay.result.id });
    return { result: outcome.replay.result, replayed: true };
  }
  logger.info('need submitted', { needId: need.id, category: need.category, communityId: need.communityId, urgency: need.urgency });
  return { result, replayed: false };
}

/**
 * The resident withdraws the need until the partner has started. A live offer or accepted order is
 * withdrawn in the same transaction, freeing the partner's place (and telling the partner, via the
 * stream). Cancelling twice answers the cancelled need again.
 */
export function cancelNeedAsResident(needId: string, token: string | undefined, reason: string | undefined): Promise<Need> {
  return retryOnStaleWrite('cancelling the need', async () => {
    const need = await needOfTokenHolder(needId, token);
    if (need.status === 'cancelled') return need;
    const at = now();
    const cancelled = cancelNeed(need, at, reason);
    const live = (await offersOfNeed(need.id)).find((offer) => offer.status === 'open' || offer.status === 'accepted');
    expectWritten(
      await writeOrderChange({
        need: cancelled,
        expectedNeedVersion: need.version,
        ...(live
          ? {
              offer: { next: withdrawOffer(live, at), expectedStatus: live.status },
              counters: { partnerId: live.partnerId, add: { openOrders: -1 } },
            }
          : {}),
      }),
      'cancel',
    );
    return cancelled;
  });
}

/** The resident rates a completed order, once, within the rating window; the stream does the rest. */
export function rateNeedAsResident(needId: string, token: string | undefined, input: RatingInput): Promise<Need> {
  return retryOnStaleWrite('rating the need', async () => {
    const need = await needOfTokenHolder(needId, token);
    const rated = rateNeed(need, input, now());
    const outcome = await writeRating(rated.need, need.version, rated.rating);
    if (outcome === 'alreadyRated') throw new Conflict('this order has already been rated', { status: need.status, rated: true });
    if (outcome !== 'written') throw new StaleWrite('rating: need changed');
    return rated.need;
  });
}
