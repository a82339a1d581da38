/**
 * The offered partner takes the order. The offer's conditional write (still open, deadline not
 * passed) lets exactly one of any number of racing accepts win; the rest get 409 with the state.
 * The same transaction checks the partner is still active, so an accept racing a suspension either
 * loses (403) or wins before it, and the suspension then takes the order back.
 */
import { now } from '../common/clock.ts';
import { Forbidden, NotFound } from '../common/domain-errors.ts';
import { needWithOffers, writeOrderChange } from '../data/offers-repository.ts';
import { getPartner } from '../data/partners-repository.ts';
import type { Need } from '../needs/need.ts';
import { parseOfferId } from '../offers/offer.ts';
import { logger } from '../observability/logger.ts';
import { acceptOffer } from '../orders/order-steps.ts';
import type { Partner } from '../partners/partner.ts';
import { assertPartnerMayWork } from '../partners/revocation.ts';
import { expectWritten, retryOnStaleWrite } from './retry-on-stale-write.ts';

export async function offerWithNeed(offerId: string) {
  const parsed = parseOfferId(offerId);
  const { need, offers } = parsed ? await needWithOffers(parsed.needId) : { need: undefined, offers: [] };
  const offer = offers.find((entry) => entry.attempt === parsed?.attempt);
  if (!need || !offer) throw new NotFound('offer');
  return { offer, need };
}

/** The caller's partner, refused (403, naming why) unless it may work now (lib/partners/revocation.ts). */
export async function workingPartner(partnerId: string): Promise<Partner> {
  const partner = await getPartner(partnerId);
  if (!partner) throw new Forbidden('no partner profile for this token');
  assertPartnerMayWork(partner);
  return partner;
}

export async function acceptOfferAsPartner(offerId: string, partnerId: string): Promise<Need> {
  return retryOnStaleWrite('accepting the offer', async () => {
    // Read each round: a suspension that beat this accept's transaction is answered with 403, not 409.
    // Both reads at once; the partner's refusal still wins over a missing offer.
    const [partnerRead, offerRead] = await Promise.allSettled([workingPartner(partnerId), offerWithNeed(offerId)]);
    if (partnerRead.status === 'rejected') throw partnerRead.reason;
    if (offerRead.status === 'rejected') throw offerRead.reason;
    const partner = partnerRead.value;
    const { offer, need } = offerRead.value;
    const at = now();
    const accepted = acceptOffer(offer, need, partner, at);
    expectWritten(
      await writeOrderChange({
        need: accepted.need,
        expectedNeedVersion: need.version,
        offer: { next: accepted.offer, expectedStatus: 'open', notExpiredAt: at },
        counters: { partnerId, add: { accepted: 1 } },
        activePartnerId: partnerId,
      }),
      'accept',
    );
    logger.info('offer accepted', { offerId: offer.id, needId: need.id, partnerId });
    return accepted.need;
  });
}
