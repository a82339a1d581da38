import { offersOfPartner } from '#lib/data/offers-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { partnerIdOf } from '#lib/http/partner-orders.ts';
import { isExpired } from '#lib/offers/offer.ts';
import { partnerOfferView } from '#lib/offers/offer-views.ts';

const district = currentDistrict();

/** The calling partner's open offers, soonest deadline first, with the short why. */
export async function listMyOffers(event: HttpEvent) {
  const now = new Date();
  const open = (await offersOfPartner(await partnerIdOf(event)))
    .filter((offer) => offer.status === 'open' && !isExpired(offer, now))
    .sort((left, right) => left.expiresAt.localeCompare(right.expiresAt));
  return jsonResponse(200, { offers: open.map((offer) => partnerOfferView(offer, district)) });
}

export const handler = httpHandler(listMyOffers);
