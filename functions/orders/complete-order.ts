import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { partnerIdOf } from '#lib/http/partner-orders.ts';
import * as z from 'zod/mini';
import { parseInput } from '#lib/http/validate.ts';
import { partnerOrderView } from '#lib/offers/offer-views.ts';
import { completeOrderAsPartner } from '#lib/use-cases/order-steps.ts';

const district = currentDistrict();
const completeSchema = z.strictObject({
  note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500, 'at most 500 characters'))),
});

/** The work is done (with an optional note of what was done): the order completes, the partner's place frees up, the resident may rate it. */
export async function completeOrderForPartner(event: HttpEvent) {
  const partnerId = await partnerIdOf(event);
  const { note } = parseInput(completeSchema, event.jsonBody ?? {});
  const completed = await completeOrderAsPartner(event.pathParameters?.id ?? '', partnerId, note);
  return jsonResponse(200, partnerOrderView(completed, district, 'active'));
}

export const handler = httpHandler(completeOrderForPartner, { jsonBody: 'optional' });
