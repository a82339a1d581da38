import { Conflict } from '#lib/common/domain-errors.ts';
import { saveNeed, StaleWrite } from '#lib/data/needs-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { orderOf, partnerIdOf } from '#lib/http/partner-orders.ts';
import { partnerOrderView } from '#lib/offers/offer-views.ts';
import { startOrder } from '#lib/orders/order-steps.ts';

const district = currentDistrict();

/** The assigned partner is on the way or at the door: the resident's timeline shows it started. */
export async function startOrderForPartner(event: HttpEvent) {
  const partnerId = await partnerIdOf(event);
  for (let round = 1; round <= 3; round++) {
    const need = await orderOf(event);
    const started = startOrder(need, partnerId, new Date());
    try {
      await saveNeed(started, need.version);
      return jsonResponse(200, partnerOrderView(started, district));
    } catch (error) {
      if (!(error instanceof StaleWrite)) throw error;
    }
  }
  throw new Conflict('the order changed while it was being started; look at it again');
}

export const handler = httpHandler(startOrderForPartner);
