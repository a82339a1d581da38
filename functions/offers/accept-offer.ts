import { Conflict, Forbidden } from '#lib/common/domain-errors.ts';
import { writeOrderChange } from '#lib/data/offers-repository.ts';
import { getPartner } from '#lib/data/partners-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { offerWithNeedOf, partnerIdOf } from '#lib/http/partner-orders.ts';
import { partnerOrderView } from '#lib/offers/offer-views.ts';
import { logger } from '#lib/observability/logger.ts';
import { acceptOffer } from '#lib/orders/order-steps.ts';

const district = currentDistrict();

/**
 * The offered partner takes the order. The offer's conditional write (still open, deadline not
 * passed) lets exactly one of any number of racing accepts win; the rest get 409 with the state.
 */
export async function acceptOfferForPartner(event: HttpEvent) {
  const partnerId = await partnerIdOf(event);
  const [partner, first] = await Promise.all([getPartner(partnerId), offerWithNeedOf(event)]);
  if (!partner) throw new Forbidden('no partner profile for this token');
  let current = first;
  for (let round = 1; round <= 3; round++) {
    if (round > 1) current = await offerWithNeedOf(event);
    const { offer, need } = current;
    const now = new Date();
    const accepted = acceptOffer(offer, need, partner, now);
    const outcome = await writeOrderChange({
      need: accepted.need,
      expectedNeedVersion: need.version,
      offer: { next: accepted.offer, expectedStatus: 'open', notExpiredAt: now },
      counters: { partnerId, add: { accepted: 1 } },
    });
    if (outcome === 'written') {
      logger.info('offer accepted', { offerId: offer.id, needId: need.id, partnerId });
      return jsonResponse(200, partnerOrderView(accepted.need, district));
    }
  }
  throw new Conflict('the order changed while it was being accepted; look at it again');
}

export const handler = httpHandler(acceptOfferForPartner);
