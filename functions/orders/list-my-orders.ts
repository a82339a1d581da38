import { acceptedOffersOfPartner, needsByIds } from '#lib/data/partner-work-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { partnerIdOf } from '#lib/http/partner-orders.ts';
import { pageQuerySchema } from '#lib/http/page-query.ts';
import { parseInput } from '#lib/http/validate.ts';
import { partnerOrderView } from '#lib/offers/offer-views.ts';
import { listedOrders } from '#lib/orders/partner-order-list.ts';
import { decodeCursor, encodeCursor } from '#lib/partners/list-cursor.ts';
import { partnerStatusOf } from '#lib/use-cases/order-steps.ts';

const district = currentDistrict();

/**
 * The calling partner's orders, newest first: accepted, started and recently completed, each with
 * the resident's contact and address (none while the partner is suspended). `limit` offers are
 * read per page, so a page can be shorter while a `cursor` says more follow. A cursor is bound to
 * its partner.
 */
export async function listMyOrders(event: HttpEvent) {
  const partnerId = await partnerIdOf(event);
  const query = parseInput(pageQuerySchema, event.queryStringParameters ?? {});
  const page = await acceptedOffersOfPartner(partnerId, {
    limit: query.limit,
    ...(query.cursor ? { start: decodeCursor(query.cursor, partnerId) } : {}),
  });
  const [needs, partnerStatus] = await Promise.all([
    page.items.length > 0 ? needsByIds(page.items.map((offer) => offer.needId)) : [],
    partnerStatusOf(partnerId),
  ]);
  const orders = listedOrders(page.items, needs, partnerId, new Date());
  return jsonResponse(200, {
    orders: orders.map(({ offer, need }) => ({ ...partnerOrderView(need, district, partnerStatus), offerId: offer.id, acceptedAt: offer.closedAt })),
    ...(page.next ? { cursor: encodeCursor(page.next, partnerId) } : {}),
  });
}

export const handler = httpHandler(listMyOrders);
