import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { partnerIdOf } from '#lib/http/partner-orders.ts';
import { partnerOrderView } from '#lib/offers/offer-views.ts';
import { orderForPartner } from '#lib/use-cases/order-steps.ts';

const district = currentDistrict();

/** The assigned partner's view of an order, with the resident's contact and address (not while the partner is suspended). */
export async function getOrderForPartner(event: HttpEvent) {
  const { need, partnerStatus } = await orderForPartner(event.pathParameters?.id ?? '', await partnerIdOf(event));
  return jsonResponse(200, partnerOrderView(need, district, partnerStatus));
}

export const handler = httpHandler(getOrderForPartner);
