/**
 * Loading what a partner's request is about: the calling partner (the token's subject), an offer by
 * id, an order by id. Unknown ids answer 404; whose it is, the order steps decide (403).
 */
import { NotFound, Unauthenticated } from '../common/domain-errors.ts';
import { getNeed } from '../data/needs-repository.ts';
import { getOffer } from '../data/offers-repository.ts';
import type { Need } from '../needs/need.ts';
import { type Offer, parseOfferId } from '../offers/offer.ts';
import { callerOf } from './caller.ts';
import type { HttpEvent } from './http-event.ts';

export function partnerIdOf(event: HttpEvent): string {
  const caller = callerOf(event);
  if (!caller) throw new Unauthenticated('a partner token is required');
  return caller.subject;
}

export async function offerOf(event: HttpEvent): Promise<Offer> {
  const parsed = parseOfferId(event.pathParameters?.id ?? '');
  const offer = parsed ? await getOffer(parsed.needId, parsed.attempt) : undefined;
  if (!offer) throw new NotFound('offer');
  return offer;
}

export async function orderOf(event: HttpEvent): Promise<Need> {
  const id = event.pathParameters?.id ?? '';
  const need = /^[0-9a-f-]{36}$/.test(id) ? await getNeed(id) : undefined;
  if (!need) throw new NotFound('order');
  return need;
}
