/**
 * What a resident does with a need through its tracking token: read it, cancel it, rate it
 * (submitting is ./submit-need.ts). The token check happens here, so every path answers a wrong
 * token exactly like an unknown id.
 */
import { now } from '../common/clock.ts';
import { Conflict, NotFound } from '../common/domain-errors.ts';
import { queuePosition } from '../data/need-lists.ts';
import { getNeed } from '../data/needs-repository.ts';
import { getPendingCode } from '../data/phone-confirmations.ts';
import { offersOfNeed, writeOrderChange } from '../data/offers-repository.ts';
import { writeRating } from '../data/ratings-repository.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { cancelNeed, isNeedId, type Need } from '../needs/need.ts';
import { residentView } from '../needs/need-views.ts';
import { confirmationView } from '../needs/phone-confirmation.ts';
import { trackingTokenMatches } from '../needs/tracking-token.ts';
import { withdrawOffer } from '../orders/order-steps.ts';
import { rateNeed, type RatingInput } from '../reputation/rating.ts';
import { expectWritten, retryOnStaleWrite, StaleWrite } from './retry-on-stale-write.ts';

export async function needOfTokenHolder(needId: string, token: string | undefined): Promise<Need> {
  const need = isNeedId(needId) ? await getNeed(needId) : undefined;
  if (!need || !trackingTokenMatches(token, need.trackingTokenHash)) throw new NotFound('need');
  return need;
}

/** The resident's view, with its place in the queue while it waits, and the code step while it awaits its SMS code. */
export async function residentPage(need: Need, district: DistrictConfig) {
  const at = now();
  const position = need.status === 'waiting' ? await queuePosition(need) : undefined;
  const pending = need.status === 'awaitingConfirmation' ? await getPendingCode(need.id) : undefined;
  return {
    ...residentView(need, at, { timeZone: district.timeZone, ...(position ? { queuePosition: position } : {}) }),
    ...(pending ? { confirmation: confirmationView(pending, need.contact.phone, at, district.submissions.phoneConfirmation) } : {}),
  };
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
