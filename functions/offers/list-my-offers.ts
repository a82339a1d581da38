import { offersOfPartner } from '#lib/data/offers-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { partnerIdOf } from '#lib/http/partner-orders.ts';
import { isExpired } from '#lib/offers/offer.ts';
import { partnerOfferView } from '#lib/offers/offer-views.ts';
import { partnerStatusOf } from '#lib/use-cases/order-steps.ts';

const district = currentDistrict();

/** The calling partner's open offers, soonest deadline first, with the short why. */
export async function listMyOffers(event: HttpEvent) {
  const now = new Date();
  const partnerId = await partnerIdOf(event);
  const [offers, partnerStatus] = await Promise.all([offersOfPartner(partnerId), partnerStatusOf(partnerId)]);
  // A partner that is not active has no offers: the suspension took them back (any racing one cannot be accepted).
  if (partnerStatus !== 'active') return jsonResponse(200, { offers: [], partnerStatus });
  const open = offers
    .filter((offer) => offer.status === 'open' && !isExpired(offer, now))
    .sort((left, right) => left.expiresAt.localeCompare(right.expiresAt));
  return jsonResponse(200, { offers: open.map((offer) => partnerOfferView(offer, district)) });
}

export const handler = httpHandler(listMyOffers);
