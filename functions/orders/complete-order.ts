import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { partnerIdOf } from '#lib/http/partner-orders.ts';
import { partnerOrderView } from '#lib/offers/offer-views.ts';
import { completeOrderAsPartner } from '#lib/use-cases/order-steps.ts';

const district = currentDistrict();

/** The work is done: the order completes, the partner's place frees up, the resident may rate it. */
export async function completeOrderForPartner(event: HttpEvent) {
  const completed = await completeOrderAsPartner(event.pathParameters?.id ?? '', partnerIdOf(event));
  return jsonResponse(200, partnerOrderView(completed, district));
}

export const handler = httpHandler(completeOrderForPartner);
