/**
 * Loading what a partner's request is about: the calling partner (the token's subject), an offer by
 * id, an order by id. Unknown ids answer 404; whose it is, the order steps decide (403). The loading
 * itself is the use cases' (lib/use-cases/); these read the ids from the event.
 */
import { Unauthenticated } from '../common/domain-errors.ts';
import type { Need } from '../needs/need.ts';
import type { Offer } from '../offers/offer.ts';
import { offerWithNeed } from '../use-cases/accept-offer.ts';
import { offerById } from '../use-cases/decline-offer.ts';
import { orderById } from '../use-cases/order-steps.ts';
import { callerOf } from './caller.ts';
import type { HttpEvent } from './http-event.ts';

export function partnerIdOf(event: HttpEvent): string {
  const caller = callerOf(event);
  if (!caller) throw new Unauthenticated('a partner token is required');
  return caller.subject;
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
