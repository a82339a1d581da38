/**
 * An offer of a need to one partner: the cascade's unit of work. Its id is deterministic
 * (`<needId>.<attempt>`), so a duplicate stream delivery writes the same offer, and the
 * conditional write refuses it.
 */
import { Conflict, Forbidden } from '../common/domain-errors.ts';
import type { Explanation } from '../matching/explanation.ts';
import { residentSummary, shortReasonForPartner } from '../matching/explanation-text.ts';
import type { Need } from '../needs/need.ts';

/**
 * `withdrawn`: the resident cancelled; `released`: the partner gave back an order it had accepted;
 * `revoked`: the partner left `active` (suspended), so the community took back its open offer or
 * unfinished order (lib/partners/revocation.ts).
 */
export const offerStatuses = ['open', 'accepted', 'declined', 'expired', 'withdrawn', 'released', 'revoked'] as const;
export type OfferStatus = (typeof offerStatuses)[number];

export interface Offer {
  id: string;
  needId: string;
  attempt: number;
  partnerId: string;
  status: OfferStatus;
  /** The need's correlation id, so the logs of every consumer the offer triggers join the need's. */
  correlationId: string;
  createdAt: string;
  /** The deadline, in the partner's duty time (see lib/matching/duty-deadline.ts). */
  expiresAt: string;
  /** When the answer window started to run: later than createdAt for an offer made off duty. */
  countsFrom?: string;
  /** Made by an operator outside the cascade (由社区工作人员指派), with who and why. */
  assignedBy?: { by: string; note?: string; override?: { reason: string; constraints: string[] } };
  /** An expiry while the partner was off duty does not count against its reliability. */
  expiredOffDuty?: boolean;
  /** When it stopped being open, and why (a partner's decline reason, or the expiry). */
  closedAt?: string;
  closeReason?: string;
  /** What the partner may see before accepting: no contact, no exact address. */
  summary: Pick<Need, 'category' | 'communityId' | 'gridId' | 'description' | 'preferredWindow' | 'urgency' | 'specialGroups'>;
  explanation: Explanation;
  shortReason: { zh: string; en: string };
  residentSummary: { zh: string; en: string };
}

export function offerId(needId: string, attempt: number): string {
  return `${needId}.${attempt}`;
}

export function parseOfferId(id: string): { needId: string; attempt: number } | undefined {
  const match = /^([0-9a-f-]{36})\.(\d{1,3})$/.exec(id);
  return match?.[1] && match[2] ? { needId: match[1], attempt: Number(match[2]) } : undefined;
}

export function newOffer(
  need: Need,
  decision: { partnerId: string; attempt: number; expiresAt: string; countsFrom?: string; explanation: Explanation },
  now: Date,
): Offer {
  return {
    ...(decision.countsFrom && decision.countsFrom > now.toISOString() ? { countsFrom: decision.countsFrom } : {}),
    id: offerId(need.id, decision.attempt),
    needId: need.id,
    attempt: decision.attempt,
    partnerId: decision.partnerId,
    status: 'open',
    correlationId: need.correlationId,
    createdAt: now.toISOString(),
    expiresAt: decision.expiresAt,
    summary: {
      category: need.category,
      communityId: need.communityId,
      gridId: need.gridId,
      description: need.description,
      preferredWindow: need.preferredWindow,
      urgency: need.urgency,
      specialGroups: need.specialGroups,
    },
    explanation: decision.explanation,
    shortReason: { zh: shortReasonForPartner(decision.explanation, 'zh'), en: shortReasonForPartner(decision.explanation, 'en') },
    residentSummary: { zh: residentSummary(decision.explanation, 'zh'), en: residentSummary(decision.explanation, 'en') },
  };
}

export function isExpired(offer: Offer, now: Date): boolean {
  return Date.parse(offer.expiresAt) <= now.getTime();
}

/** The offer after it stops being open; refuses anything but an open offer. */
export function closeOffer(offer: Offer, status: Exclude<OfferStatus, 'open'>, now: Date, reason?: string): Offer {
  if (offer.status !== 'open') throw new Conflict(`the offer is already ${offer.status}`, { status: offer.status });
  return { ...offer, status, closedAt: now.toISOString(), ...(reason ? { closeReason: reason } : {}) };
}

/** Checks a partner may answer this offer now: it is theirs, still open and not past its deadline. */
export function assertAnswerable(offer: Offer, partnerId: string, now: Date): void {
  if (offer.partnerId !== partnerId) throw new Forbidden('this offer was made to another partner');
  if (offer.status !== 'open') throw new Conflict(`the offer is already ${offer.status}`, { status: offer.status });
  if (isExpired(offer, now)) throw new Conflict('the offer has expired', { status: 'expired', expiresAt: offer.expiresAt });
}
