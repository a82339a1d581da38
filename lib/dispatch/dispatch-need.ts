/**
 * The offer cascade's one step, shared by every trigger (a new need, a declined or expired offer):
 * read the need and its offers, rank fresh candidates, then offer to the best or escalate.
 * Writes are conditional, so a duplicate trigger finds an offer open and does nothing, and a race
 * (another need took the partner's last slot, the need changed) is settled by ranking again.
 */
import { loadCandidates } from '../data/candidates-repository.ts';
import { saveNeed, StaleWrite } from '../data/needs-repository.ts';
import { needWithOffers, writeOffer } from '../data/offers-repository.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import type { Candidate } from '../matching/candidate.ts';
import { matchRequestOfNeed } from '../matching/match-request-of-need.ts';
import { decideNextOffer, excludedPartnersOf, type OfferAttempt } from '../matching/next-offer.ts';
import { rankCandidates } from '../matching/rank-candidates.ts';
import { escalateNeed, type NeedStatus, offerNeed } from '../needs/need.ts';
import { newOffer, type Offer } from '../offers/offer.ts';
import { logger } from '../observability/logger.ts';

export type DispatchResult =
  | { action: 'offered'; offerId: string; partnerId: string }
  | { action: 'escalated'; code: string }
  | { action: 'none'; why: string };

const dispatchable: readonly NeedStatus[] = ['submitted', 'offered'];
const maxRounds = 6;

export function offerHistory(offers: readonly Offer[]): OfferAttempt[] {
  return offers.map((offer) => ({
    attempt: offer.attempt,
    partnerId: offer.partnerId,
    // A withdrawn offer (the resident cancelled) excludes its partner like a lapsed one; a partner
    // that gave the order back is not asked again, as if it had declined.
    outcome: offer.status === 'withdrawn' ? 'expired' : offer.status === 'released' ? 'declined' : offer.status,
  }));
}

/** Ratings-weighted mean of the candidates' reputations: the prior new partners are shrunk towards. */
export function meanRating(candidates: readonly Candidate[]): number | undefined {
  let sum = 0;
  let count = 0;
  for (const { standing } of candidates) {
    sum += standing.reputation.mean * standing.reputation.count;
    count += standing.reputation.count;
  }
  return count > 0 ? sum / count : undefined;
}

export async function dispatchNeed(
  needId: string,
  district: DistrictConfig,
  clock: () => Date = () => new Date(),
): Promise<DispatchResult> {
  const settings = district.matching;
  const foundFull = new Set<string>();
  for (let round = 1; round <= maxRounds; round++) {
    const now = clock();
    const { need, offers } = await needWithOffers(needId);
    if (!need) return { action: 'none', why: 'no such need' };
    if (!dispatchable.includes(need.status)) return { action: 'none', why: `need is ${need.status}` };

    const history = offerHistory(offers);
    // A duplicate trigger stops here, before paying for candidates.
    const live = history.find((attempt) => attempt.outcome === 'open' || attempt.outcome === 'accepted');
    if (live) return { action: 'none', why: `offer ${live.attempt} is open or accepted` };
    const request = matchRequestOfNeed(need, excludedPartnersOf(history));
    // A partner this dispatch found full is full, whatever the candidate projection (a moment behind) says.
    const candidates = (await loadCandidates(need, now)).map((candidate) =>
      foundFull.has(candidate.partner.id)
        ? {
            ...candidate,
            standing: { ...candidate.standing, openOrders: Math.max(candidate.standing.openOrders, candidate.partner.capacity) },
          }
        : candidate,
    );
    const ranking = rankCandidates(request, candidates, settings, district, now, { districtMeanRating: meanRating(candidates) });
    const decision = decideNextOffer({ request, history, ranking, settings, now });

    if (decision.action === 'none') return { action: 'none', why: `offer ${decision.attempt} is open or accepted` };

    if (decision.action === 'escalate') {
      const { code, message, emptiedBy, rejectedByConstraint } = decision.reason;
      try {
        await saveNeed(escalateNeed(need, { code, message, emptiedBy, rejectedByConstraint }, now), need.version);
        logger.warn('need escalated', { needId, code, reason: message.en });
        return { action: 'escalated', code };
      } catch (error) {
        if (error instanceof StaleWrite) continue;
        throw error;
      }
    }

    const partner = candidates.find((candidate) => candidate.partner.id === decision.partnerId)?.partner;
    if (!partner) throw new Error(`ranked partner ${decision.partnerId} is not among the candidates`);
    const offer = newOffer(need, decision, now);
    const outcome = await writeOffer(offer, offerNeed(need, now, offer.residentSummary), need.version, partner.capacity);
    if (outcome === 'written') {
      logger.info('need offered', {
        needId,
        offerId: offer.id,
        partnerId: partner.id,
        score: decision.explanation.score,
        attempt: decision.attempt,
      });
      return { action: 'offered', offerId: offer.id, partnerId: partner.id };
    }
    if (outcome === 'offerExists') return { action: 'none', why: `offer ${offer.id} already written` };
    if (outcome === 'partnerFull') foundFull.add(partner.id);
    logger.info('offer write lost a race; ranking again', { needId, partnerId: partner.id, outcome, round });
  }
  throw new Error(`need ${needId}: no stable dispatch after ${maxRounds} rounds`);
}
