import { Forbidden } from '#lib/common/domain-errors.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { partnerIdOf } from '#lib/http/partner-orders.ts';
import { partnerOrderView } from '#lib/offers/offer-views.ts';
import { orderById } from '#lib/use-cases/order-steps.ts';

const district = currentDistrict();

/** The assigned partner's view of an order, with the resident's contact and address. */
export async function getOrderForPartner(event: HttpEvent) {
  const partnerId = await partnerIdOf(event);
  const need = await orderById(event.pathParameters?.id ?? '');
  if (need.assignedPartner?.id !== partnerId) throw new Forbidden('this order is assigned to another partner');
  return jsonResponse(200, partnerOrderView(need, district));
}

export const handler = httpHandler(getOrderForPartner);
