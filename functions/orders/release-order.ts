import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { releaseSchema } from '#lib/api/request-schemas.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { partnerIdOf } from '#lib/http/partner-orders.ts';
import { parseInput } from '#lib/http/validate.ts';
import { partnerOfferView } from '#lib/offers/offer-views.ts';
import { releaseOrderAsPartner } from '#lib/use-cases/order-steps.ts';

const district = currentDistrict();
/** The assigned partner gives back an accepted order it cannot do, with a reason; the cascade asks the next. */
export async function releaseOrderForPartner(event: HttpEvent) {
  const partnerId = await partnerIdOf(event);
  const { reason } = parseInput(releaseSchema, event.jsonBody);
  const released = await releaseOrderAsPartner(event.pathParameters?.id ?? '', partnerId, reason);
  return jsonResponse(200, partnerOfferView(released, district));
}

export const handler = httpHandler(releaseOrderForPartner, { jsonBody: true });
