import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { partnerIdOf } from '#lib/http/partner-orders.ts';
import { partnerOrderView } from '#lib/offers/offer-views.ts';
import { startOrderAsPartner } from '#lib/use-cases/order-steps.ts';

const district = currentDistrict();

/** The assigned partner is on the way or at the door: the resident's timeline shows it started. */
export async function startOrderForPartner(event: HttpEvent) {
  const started = await startOrderAsPartner(event.pathParameters?.id ?? '', await partnerIdOf(event));
  return jsonResponse(200, partnerOrderView(started, district, 'active'));
}

export const handler = httpHandler(startOrderForPartner);
