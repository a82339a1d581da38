import * as z from 'zod';
import { Conflict, Forbidden, NotFound } from '#lib/common/domain-errors.ts';
import { needWithOffers, writeOrderChange } from '#lib/data/offers-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { partnerIdOf } from '#lib/http/partner-orders.ts';
import { parseInput } from '#lib/http/validate.ts';
import { partnerOfferView } from '#lib/offers/offer-views.ts';
import { isNeedId } from '#lib/needs/need.ts';
import { logger } from '#lib/observability/logger.ts';
import { releaseOrder } from '#lib/orders/order-steps.ts';

const district = currentDistrict();
const releaseSchema = z.strictObject({ reason: z.string().trim().min(1, 'say briefly why').max(200, 'at most 200 characters') });

/**
 * The assigned partner gives back an accepted order it cannot do; its slot frees up, the cancellation
 * counts in its reliability, and the stream carries the release to the cascade, which asks the next.
 */
export async function releaseOrderForPartner(event: HttpEvent) {
  const partnerId = partnerIdOf(event);
  const { reason } = parseInput(releaseSchema, event.jsonBody);
  const id = event.pathParameters?.id ?? '';
  for (let round = 1; round <= 3; round++) {
    const { need, offers } = isNeedId(id) ? await needWithOffers(id) : { need: undefined, offers: [] };
    if (!need) throw new NotFound('order');
    if (need.assignedPartner?.id !== partnerId) throw new Forbidden('this order is not assigned to you');
    const accepted = offers.find((offer) => offer.status === 'accepted');
    if (!accepted) throw new Conflict(`an order that is ${need.status} cannot be given back`, { status: need.status });
    const released = releaseOrder(need, accepted, partnerId, new Date(), reason);
    const outcome = await writeOrderChange({
      need: released.need,
      expectedNeedVersion: need.version,
      offer: { next: released.offer, expectedStatus: 'accepted' },
      counters: { partnerId, add: { openOrders: -1, cancelled: 1 } },
    });
    if (outcome === 'written') {
      logger.info('order released', { needId: need.id, partnerId });
      return jsonResponse(200, partnerOfferView(released.offer, district));
    }
  }
  throw new Conflict('the order changed while it was being given back; look at it again');
}

export const handler = httpHandler(releaseOrderForPartner, { jsonBody: true });
