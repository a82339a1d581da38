import * as z from 'zod';
import { Conflict } from '#lib/common/domain-errors.ts';
import { writeClosedOffer } from '#lib/data/offers-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { offerOf, partnerIdOf } from '#lib/http/partner-orders.ts';
import { parseInput } from '#lib/http/validate.ts';
import { partnerOfferView } from '#lib/offers/offer-views.ts';
import { logger } from '#lib/observability/logger.ts';
import { declineOffer } from '#lib/orders/order-steps.ts';

const district = currentDistrict();
const declineSchema = z.strictObject({ reason: z.string().trim().min(1, 'say briefly why').max(200, 'at most 200 characters') });

/** The offered partner passes; the stream carries the decline to the cascade, which asks the next. */
export async function declineOfferForPartner(event: HttpEvent) {
  const partnerId = partnerIdOf(event);
  const { reason } = parseInput(declineSchema, event.jsonBody);
  const offer = await offerOf(event);
  const declined = declineOffer(offer, partnerId, new Date(), reason);
  if (!(await writeClosedOffer(declined))) {
    const current = await offerOf(event);
    throw new Conflict(`the offer is already ${current.status}`, { status: current.status });
  }
  logger.info('offer declined', { offerId: offer.id, needId: offer.needId, partnerId });
  return jsonResponse(200, partnerOfferView(declined, district));
}

export const handler = httpHandler(declineOfferForPartner, { jsonBody: true });
