/**
 * Which of a partner's accepted offers are its orders to show: the ones still its own (the need's
 * assigned partner), accepted or started, or completed within the last days. An order the resident
 * cancelled or the partner gave back has left the list with its offer's status.
 */
import { completedAt, type Need } from '../needs/need.ts';
import type { Offer } from '../offers/offer.ts';

export const recentlyCompletedDays = 30;

export function isListedOrder(need: Need, partnerId: string, now: Date): boolean {
  if (need.assignedPartner?.id !== partnerId) return false;
  if (need.status === 'accepted' || need.status === 'started') return true;
  if (need.status !== 'completed') return false;
  const done = completedAt(need);
  return done !== undefined && now.getTime() - done.getTime() <= recentlyCompletedDays * 86_400_000;
}

/** The orders of a page of accepted offers, in the offers' order (newest first). */
export function listedOrders(offers: readonly Offer[], needs: readonly Need[], partnerId: string, now: Date): Array<{ offer: Offer; need: Need }> {
  const byId = new Map(needs.map((need) => [need.id, need]));
  return offers.flatMap((offer) => {
    const need = byId.get(offer.needId);
    return need && offer.partnerId === partnerId && isListedOrder(need, partnerId, now) ? [{ offer, need }] : [];
  });
}
