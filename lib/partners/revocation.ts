/**
 * Suspension revokes (issue #10): a partner that is not `active` does no work for residents. It may
 * not accept, start or complete; it does not see residents' contact; and what it holds goes back:
 *
 * - an open offer is revoked and the cascade asks the next partner, as after a decline, except that
 *   the offer is taken out of the partner's `offered` count: the suspension is the sanction, and an
 *   offer it was never allowed to answer says nothing of its reliability;
 * - an accepted order not yet started is given back to the cascade the same way (the resident is
 *   told that another partner is being found); it is not counted as the partner's cancellation;
 * - an order already started goes to operators (吹哨): someone may be at the resident's door, so
 *   community staff check with the resident rather than the cascade sending a second partner.
 *
 * Pure: the use case (lib/use-cases/revoke-partner-work.ts) reads, lets this decide and writes.
 */
import { Forbidden } from '../common/domain-errors.ts';
import { escalateNeed, moveNeed, type Need } from '../needs/need.ts';
import type { Offer } from '../offers/offer.ts';
import type { AdmissionStatus } from './admission.ts';

/** Why the community took the work back, as the offer's close reason. */
export const revocationReason = 'the partner is no longer active (suspended or sent back)';

/** What the resident reads when the partner who accepted can no longer come. */
export const residentReofferReason = '原定的服务方暂停服务，正在为您另找服务方。';

export const partnerNotActiveCode = 'partner_not_active';

const statusWords: Record<AdmissionStatus, string> = {
  applied: 'has applied and is not admitted yet',
  vetted: 'is vetted but not admitted yet',
  active: 'is active',
  suspended: 'is suspended',
};

/** Refuses (403, naming why) any step of work by a partner that is not active. */
export function assertPartnerMayWork(partner: { status: AdmissionStatus }): void {
  if (partner.status === 'active') return;
  throw new Forbidden(
    `this partner ${statusWords[partner.status]}: it cannot take, start or complete orders, nor see residents' contact, until the community reinstates it`,
    partnerNotActiveCode,
    { partnerStatus: partner.status },
  );
}

export type Revocation =
  | { kind: 'offerRevoked'; offer: Offer; counters: Record<string, number> }
  | { kind: 'orderReoffered'; need: Need; offer: Offer; counters: Record<string, number> }
  | { kind: 'orderEscalated'; need: Need; offer: Offer; counters: Record<string, number> };

function revoked(offer: Offer, now: Date): Offer {
  return { ...offer, status: 'revoked', closedAt: now.toISOString(), closeReason: revocationReason };
}

/**
 * What taking back this offer (and its need) means now; undefined when there is nothing to take back:
 * the offer is not the partner's, or already closed, or its order finished or moved to someone else.
 */
export function revokeWork(need: Need, offer: Offer, partnerId: string, now: Date): Revocation | undefined {
  if (offer.partnerId !== partnerId || offer.needId !== need.id) return undefined;
  if (offer.status === 'open') {
    return { kind: 'offerRevoked', offer: revoked(offer, now), counters: { openOrders: -1, offered: -1 } };
  }
  if (offer.status !== 'accepted' || need.assignedPartner?.id !== partnerId) return undefined;
  const { assignedPartner, availability, ...unassigned } = need;
  if (need.status === 'accepted') {
    return { kind: 'orderReoffered', need: moveNeed(unassigned, 'offered', now, residentReofferReason), offer: revoked(offer, now), counters: { openOrders: -1 } };
  }
  if (need.status === 'started') {
    const escalated = escalateNeed(
      unassigned,
      {
        code: 'partnerNotActive',
        message: {
          zh: `服务方「${assignedPartner.name.zh}」在服务进行中被暂停，请与居民核实服务情况并安排后续。`,
          en: `The partner ${assignedPartner.name.en ?? assignedPartner.name.zh} was suspended while the work was in progress: check with the resident and arrange what follows.`,
        },
      },
      now,
    );
    return { kind: 'orderEscalated', need: escalated, offer: revoked(offer, now), counters: { openOrders: -1 } };
  }
  return undefined;
}
