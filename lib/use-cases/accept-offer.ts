/**
 * The offered partner takes the order. The offer's conditional write (still open, deadline not
 * passed) lets exactly one of any number of racing accepts win; the rest get 409 with the state.
 */
import { now } from '../common/clock.ts';
import { Forbidden, NotFound } from '../common/domain-errors.ts';
import { needWithOffers, writeOrderChange } from '../data/offers-repository.ts';
import { getPartner } from '../data/partners-repository.ts';
import type { Need } from '../needs/need.ts';
import { parseOfferId } from '../offers/offer.ts';
import { logger } from '../observability/logger.ts';
import { acceptOffer } from '../orders/order-steps.ts';
import { expectWritten, retryOnStaleWrite } from './retry-on-stale-write.ts';

export async function offerWithNeed(offerId: string) {
  const parsed = parseOfferId(offerId);
  const { need, offers } = parsed ? await needWithOffers(parsed.needId) : { need: undefined, offers: [] };
  const offer = offers.find((entry) => entry.attempt === parsed?.attempt);
  if (!need || !offer) throw new NotFound('offer');
  return { offer, need };
}

export async function acceptOfferAsPartner(offerId: string, partnerId: string): Promise<Need> {
  const partner = await getPartner(partnerId);
  if (!partner) throw new Forbidden('no partner profile for this token');
  return retryOnStaleWrite('accepting the offer', async () => {
    const { offer, need } = await offerWithNeed(offerId);
    const at = now();
    const accepted = acceptOffer(offer, need, partner, at);
    expectWritten(
      await writeOrderChange({
        need: accepted.need,
        expectedNeedVersion: need.version,
        offer: { next: accepted.offer, expectedStatus: 'open', notExpiredAt: at },
        counters: { partnerId, add: { accepted: 1 } },
      }),
      'accept',
    );
    logger.info('offer accepted', { offerId: offer.id, needId: need.id, partnerId });
    return accepted.need;
  });
}
