/**
 * The partner's side of an order (the order id is the need id): accept or decline an offer, start
 * and complete the work. Each function checks who may do it and when, and returns the new states;
 * the handlers persist them in one conditional transaction.
 */
import { Conflict, Forbidden } from '../common/domain-errors.ts';
import { moveNeed, type Need } from '../needs/need.ts';
import { assertAnswerable, closeOffer, type Offer } from '../offers/offer.ts';
import type { Partner } from '../partners/partner.ts';

export function acceptOffer(offer: Offer, need: Need, partner: Pick<Partner, 'id' | 'name'>, now: Date): { offer: Offer; need: Need } {
  assertAnswerable(offer, partner.id, now);
  if (need.status !== 'offered') throw new Conflict(`the need is ${need.status}`, { status: need.status });
  return {
    offer: { ...offer, status: 'accepted', closedAt: now.toISOString() },
    need: { ...moveNeed(need, 'accepted', now), assignedPartner: { id: partner.id, name: partner.name } },
  };
}

export function declineOffer(offer: Offer, partnerId: string, now: Date, reason: string): Offer {
  assertAnswerable(offer, partnerId, now);
  return closeOffer(offer, 'declined', now, reason);
}

function assertAssigned(need: Need, partnerId: string): void {
  if (need.assignedPartner?.id !== partnerId) throw new Forbidden('this order is assigned to another partner');
}

export function startOrder(need: Need, partnerId: string, now: Date): Need {
  assertAssigned(need, partnerId);
  if (need.status !== 'accepted') throw new Conflict(`an order that is ${need.status} cannot be started`, { status: need.status });
  return moveNeed(need, 'started', now);
}

/** `note`: what the partner says of the work done; it becomes the completion step's reason. */
export function completeOrder(need: Need, partnerId: string, now: Date, note?: string): Need {
  assertAssigned(need, partnerId);
  if (need.status !== 'started') throw new Conflict(`an order that is ${need.status} cannot be completed`, { status: need.status });
  return moveNeed(need, 'completed', now, note);
}

/**
 * The assigned partner gives back an accepted order it cannot do (before starting): the need is
 * offered again to someone else, and the give-back counts against the partner's completion rate.
 */
export function releaseOrder(need: Need, offer: Offer, partnerId: string, now: Date, reason: string): { need: Need; offer: Offer } {
  assertAssigned(need, partnerId);
  if (need.status !== 'accepted' || offer.status !== 'accepted' || offer.partnerId !== partnerId) {
    throw new Conflict(`an order that is ${need.status} cannot be given back`, { status: need.status });
  }
  const { assignedPartner, availability, ...unassigned } = need;
  return {
    need: moveNeed(unassigned, 'offered', now, '原定的服务方无法上门，正在为您另找服务方。'),
    offer: { ...offer, status: 'released', closedAt: now.toISOString(), closeReason: reason },
  };
}

/** The live offer of a need the resident cancels (or operators close): withdrawn, so the partner is told and freed. */
export function withdrawOffer(offer: Offer, now: Date, reason = 'cancelled by the resident'): Offer {
  if (offer.status !== 'open' && offer.status !== 'accepted') return offer;
  return { ...offer, status: 'withdrawn', closedAt: now.toISOString(), closeReason: reason };
}
