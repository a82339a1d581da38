import { z } from 'zod';
import { Conflict } from '#lib/common/domain-errors.ts';
import { writeOrderChange } from '#lib/data/offers-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { orderOf, partnerIdOf } from '#lib/http/partner-orders.ts';
import { partnerOrderView } from '#lib/offers/offer-views.ts';
import { completeOrder } from '#lib/orders/order-steps.ts';

const district = currentDistrict();
const completeSchema = z.strictObject({ note: z.string().trim().min(1).max(500, 'at most 500 characters').optional() });

/** The work is done (with an optional note of what was done): the order completes, the partner's slot frees up, the resident may rate it. */
export async function completeOrderForPartner(event: HttpEvent) {
  const partnerId = await partnerIdOf(event);
  const { note } = parseInput(completeSchema, event.jsonBody ?? {});
  for (let round = 1; round <= 3; round++) {
    const need = await orderOf(event);
    const completed = completeOrder(need, partnerId, new Date(), note);
    const outcome = await writeOrderChange({
      need: completed,
      expectedNeedVersion: need.version,
      counters: { partnerId, add: { openOrders: -1, completed: 1 } },
    });
    if (outcome === 'written') return jsonResponse(200, partnerOrderView(completed, district));
  }
  throw new Conflict('the order changed while it was being completed; look at it again');
}

export const handler = httpHandler(completeOrderForPartner, { jsonBody: 'optional' });
