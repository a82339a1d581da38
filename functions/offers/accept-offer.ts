import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { partnerIdOf } from '#lib/http/partner-orders.ts';
import { partnerOrderView } from '#lib/offers/offer-views.ts';
import { acceptOfferAsPartner } from '#lib/use-cases/accept-offer.ts';

const district = currentDistrict();

/** The offered partner takes the order; exactly one of racing accepts wins, the rest get 409 with the state. */
export async function acceptOfferForPartner(event: HttpEvent) {
  const accepted = await acceptOfferAsPartner(event.pathParameters?.id ?? '', await partnerIdOf(event));
  return jsonResponse(200, partnerOrderView(accepted, district, 'active'));
}

export const handler = httpHandler(acceptOfferForPartner);
