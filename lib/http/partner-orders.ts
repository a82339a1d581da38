/**
 * Loading what a partner's request is about: the calling partner (the token's subject), an offer by
 * id, an order by id. Unknown ids answer 404; whose it is, the order steps decide (403).
 */
import { NotFound, Unauthenticated } from '../common/domain-errors.ts';
import { getNeed } from '../data/needs-repository.ts';
import { getOffer, needWithOffers } from '../data/offers-repository.ts';
import { isNeedId, type Need } from '../needs/need.ts';
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

/** An offer and its need in one read: they share the need's partition. */
export async function offerWithNeedOf(event: HttpEvent): Promise<{ offer: Offer; need: Need }> {
  const parsed = parseOfferId(event.pathParameters?.id ?? '');
  const { need, offers } = parsed ? await needWithOffers(parsed.needId) : { need: undefined, offers: [] };
  const offer = offers.find((entry) => entry.attempt === parsed?.attempt);
  if (!need || !offer) throw new NotFound('offer');
  return { offer, need };
}

export async function orderOf(event: HttpEvent): Promise<Need> {
  const id = event.pathParameters?.id ?? '';
  const need = isNeedId(id) ? await getNeed(id) : undefined;
  if (!need) throw new NotFound('order');
  return need;
}
