/**
 * Loading what a partner's request is about: the calling partner (its identity link), an offer by
 * id, an order by id. Unknown ids answer 404; whose it is, the order steps decide (403). The loading
 * itself is the use cases' (lib/use-cases/); these read the ids from the event.
 */
import type { Need } from '../needs/need.ts';
import type { Offer } from '../offers/offer.ts';
import { offerWithNeed } from '../use-cases/accept-offer.ts';
import { offerById } from '../use-cases/decline-offer.ts';
import { orderById } from '../use-cases/order-steps.ts';
import { callerPartnerId } from './caller-partner.ts';
import type { HttpEvent } from './http-event.ts';

/** The partner the caller acts for, from its identity link (403 when it has none). */
export function partnerIdOf(event: HttpEvent): Promise<string> {
  return callerPartnerId(event);
}

export function offerOf(event: HttpEvent): Promise<Offer> {
  return offerById(event.pathParameters?.id ?? '');
}

/** An offer and its need in one read: they share the need's partition. */
export function offerWithNeedOf(event: HttpEvent): Promise<{ offer: Offer; need: Need }> {
  return offerWithNeed(event.pathParameters?.id ?? '');
}

export function orderOf(event: HttpEvent): Promise<Need> {
  return orderById(event.pathParameters?.id ?? '');
}
