import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { declineSchema } from '#lib/api/request-schemas.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { partnerIdOf } from '#lib/http/partner-orders.ts';
import { parseInput } from '#lib/http/validate.ts';
import { partnerOfferView } from '#lib/offers/offer-views.ts';
import { declineOfferAsPartner } from '#lib/use-cases/decline-offer.ts';

const district = currentDistrict();
/** The offered partner passes; the stream carries the decline to the cascade, which asks the next. */
export async function declineOfferForPartner(event: HttpEvent) {
  const partnerId = await partnerIdOf(event);
  const { reason } = parseInput(declineSchema, event.jsonBody);
  const declined = await declineOfferAsPartner(event.pathParameters?.id ?? '', partnerId, reason);
  return jsonResponse(200, partnerOfferView(declined, district));
}

export const handler = httpHandler(declineOfferForPartner, { jsonBody: true });
