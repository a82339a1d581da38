/**
 * Loading what a partner's request is about: the calling partner (its identity link), an offer by
 * id, an order by id. Unknown ids answer 404; whose it is, the order steps decide (403).
 */
import { NotFound } from '../common/domain-errors.ts';
import { getNeed } from '../data/needs-repository.ts';
import { getOffer, needWithOffers } from '../data/offers-repository.ts';
import { isNeedId, type Need } from '../needs/need.ts';
import { type Offer, parseOfferId } from '../offers/offer.ts';
import { callerPartnerId } from './caller-partner.ts';
import type { HttpEvent } from './http-event.ts';

/** The partner the caller acts for, from its identity link (403 when it has none). */
export function partnerIdOf(event: HttpEvent): Promise<string> {
  return callerPartnerId(event);
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
