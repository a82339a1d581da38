/**
 * A partner left `active` (suspended, or sent back): take back what it holds (the rules are
 * lib/partners/revocation.ts). Each item is taken back on its own conditional write, again on a
 * fresh read when the item moved meanwhile (an accept that won just before the suspension is
 * found on the re-read and taken back as an order). The stream then carries each revoked offer to
 * the cascade (the next partner, the waiting queue or operators) and each step to the resident.
 *
 * Runs whenever an operator sets a status other than active, even one the partner already has, so
 * a suspension whose revocation was cut short is finished by sending it again.
 */
import { now as currentTime } from '../common/clock.ts';
import { needWithOffers, writeClosedOffer, writeOrderChange } from '../data/offers-repository.ts';
import { getPartnerStanding } from '../data/partners-repository.ts';
import { liveWorkOfPartner } from '../data/partner-work-repository.ts';
import { logger } from '../observability/logger.ts';
import { type Revocation, revokeWork } from '../partners/revocation.ts';
import { expectWritten, retryOnStaleWrite } from './retry-on-stale-write.ts';

export interface RevokedWork {
  /** Open offers taken back: the cascade asks the next partner. */
  offers: string[];
  /** Accepted orders not yet started, given back to the cascade. */
  reoffered: string[];
  /** Orders in progress, passed to operators. */
  escalated: string[];
}

async function revokeOne(needId: string, attempt: number, partnerId: string): Promise<Revocation | undefined> {
  return retryOnStaleWrite(`taking back offer ${needId}.${attempt}`, async () => {
    const { need, offers } = await needWithOffers(needId);
    const offer = offers.find((entry) => entry.attempt === attempt);
    if (!need || !offer) return undefined;
    const revocation = revokeWork(need, offer, partnerId, currentTime());
    if (!revocation) return undefined;
    if (revocation.kind === 'offerRevoked') {
      expectWritten((await writeClosedOffer(revocation.offer, revocation.counters)) ? 'written' : 'offerChanged', 'revoke offer');
    } else {
      expectWritten(
        await writeOrderChange({
          need: revocation.need,
          expectedNeedVersion: need.version,
          offer: { next: revocation.offer, expectedStatus: 'accepted' },
          counters: { partnerId, add: revocation.counters },
        }),
        'revoke order',
      );
    }
    return revocation;
  });
}

export async function revokePartnerWork(partnerId: string): Promise<RevokedWork> {
  const { standing } = await getPartnerStanding(partnerId, currentTime());
  const live = await liveWorkOfPartner(partnerId, standing.openOrders);
  const revoked: RevokedWork = { offers: [], reoffered: [], escalated: [] };
  for (const { offer } of live) {
    const revocation = await revokeOne(offer.needId, offer.attempt, partnerId);
    if (revocation?.kind === 'offerRevoked') revoked.offers.push(offer.id);
    if (revocation?.kind === 'orderReoffered') revoked.reoffered.push(offer.needId);
    if (revocation?.kind === 'orderEscalated') revoked.escalated.push(offer.needId);
  }
  if (live.length > 0) logger.info("partner's work taken back", { partnerId, offers: revoked.offers.length, reoffered: revoked.reoffered.length, escalated: revoked.escalated.length });
  return revoked;
}
