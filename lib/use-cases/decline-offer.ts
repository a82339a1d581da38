/** The offered partner passes; the stream carries the decline to the cascade, which asks the next. */
import { now } from '../common/clock.ts';
import { Conflict, NotFound } from '../common/domain-errors.ts';
import { getOffer, writeClosedOffer } from '../data/offers-repository.ts';
import { type Offer, parseOfferId } from '../offers/offer.ts';
import { logger } from '../observability/logger.ts';
import { declineOffer } from '../orders/order-steps.ts';

export async function offerById(offerId: string): Promise<Offer> {
  const parsed = parseOfferId(offerId);
  const offer = parsed ? await getOffer(parsed.needId, parsed.attempt) : undefined;
  if (!offer) throw new NotFound('offer');
  return offer;
}

export async function declineOfferAsPartner(offerId: string, partnerId: string, reason: string): Promise<Offer> {
  const offer = await offerById(offerId);
  const declined = declineOffer(offer, partnerId, now(), reason);
  if (!(await writeClosedOffer(declined))) {
    const current = await offerById(offerId);
    throw new Conflict(`the offer is already ${current.status}`, { status: current.status });
  }
  logger.info('offer declined', { offerId: offer.id, needId: offer.needId, partnerId });
  return declined;
}
