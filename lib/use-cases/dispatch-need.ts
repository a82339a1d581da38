/**
 * The offer cascade's one step, shared by every trigger (a new need, a lapsed offer, a freed place,
 * an operator's redispatch): read the need and its offers, rank fresh candidates, then offer to the
 * best, wait for a free place when capacity alone emptied the field, or escalate. Writes are
 * conditional, so a duplicate trigger finds an offer open and does nothing, and a race (another
 * need took the partner's last place, the need changed) is settled by ranking again.
 */
import { now as currentTime } from '../common/clock.ts';
import { loadCandidates } from '../data/candidates-repository.ts';
import { saveNeed } from '../data/needs-repository.ts';
import { needWithOffers, writeOffer } from '../data/offers-repository.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import type { Candidate } from '../matching/candidate.ts';
import { blockedOnlyByCapacity, waitingReason } from '../matching/capacity-wait.ts';
import { matchRequestOfNeed } from '../matching/match-request-of-need.ts';
import { decideNextOffer, excludedPartnersOf, type OfferAttempt } from '../matching/next-offer.ts';
import { rankCandidates } from '../matching/rank-candidates.ts';
import { escalateNeed, type NeedStatus, offerNeed, waitNeed } from '../needs/need.ts';
import { newOffer, type Offer } from '../offers/offer.ts';
import { logger } from '../observability/logger.ts';
import { retryOnStaleWrite, StaleWrite } from './retry-on-stale-write.ts';

export type DispatchResult =
  | { action: 'offered'; offerId: string; partnerId: string }
  | { action: 'waiting'; queue: string }
  | { action: 'escalated'; code: string }
  | { action: 'none'; why: string };

const dispatchable: readonly NeedStatus[] = ['submitted', 'offered', 'waiting'];

export function offerHistory(offers: readonly Offer[]): OfferAttempt[] {
  return offers.map((offer) => ({
    attempt: offer.attempt,
    partnerId: offer.partnerId,
    // A withdrawn offer (the resident cancelled) excludes its partner like a lapsed one; a partner
    // that gave the order back, or had it taken back when suspended, is not asked again, as if it had declined.
    outcome: offer.status === 'withdrawn' ? 'expired' : offer.status === 'released' || offer.status === 'revoked' ? 'declined' : offer.status,
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

export interface DispatchOptions {
  /**
   * A partner's open orders as just read from its live standing: the candidate projection follows
   * the standing a moment behind, so a release right after a place freed would still see it full.
   */
  freshOpenOrders?: { partnerId: string; openOrders: number };
}

/**
 * The candidate with what this dispatch knows better than the projection: a partner it found full
 * is full, one it found suspended is suspended; a partner whose place just freed has the open
 * orders its live standing says.
 */
function withKnownLoad(candidate: Candidate, found: FoundUnavailable, fresh: DispatchOptions['freshOpenOrders']): Candidate {
  const { partner, standing } = candidate;
  if (found.inactive.has(partner.id)) return { ...candidate, partner: { ...partner, status: 'suspended' } };
  if (found.full.has(partner.id)) return { ...candidate, standing: { ...standing, openOrders: Math.max(standing.openOrders, partner.capacity) } };
  if (fresh?.partnerId === partner.id) return { ...candidate, standing: { ...standing, openOrders: Math.min(standing.openOrders, fresh.openOrders) } };
  return candidate;
}

interface FoundUnavailable {
  full: Set<string>;
  inactive: Set<string>;
}

export function dispatchNeed(
  needId: string,
  district: DistrictConfig,
  clock: () => Date = currentTime,
  options: DispatchOptions = {},
): Promise<DispatchResult> {
  const settings = district.matching;
  const found: FoundUnavailable = { full: new Set(), inactive: new Set() };
  return retryOnStaleWrite(
    `dispatch of need ${needId}`,
    async (round) => {
      const now = clock();
      const { need, offers } = await needWithOffers(needId);
      if (!need) return { action: 'none', why: 'no such need' };
      if (!dispatchable.includes(need.status)) return { action: 'none', why: `need is ${need.status}` };

      const history = offerHistory(offers);
      // A duplicate trigger stops here, before paying for candidates.
      const live = history.find((attempt) => attempt.outcome === 'open' || attempt.outcome === 'accepted');
      if (live) return { action: 'none', why: `offer ${live.attempt} is open or accepted` };
      const request = matchRequestOfNeed(need, excludedPartnersOf(history));
      const candidates = (await loadCandidates(need, now)).map((candidate) => withKnownLoad(candidate, found, options.freshOpenOrders));
      const rankOptions = { districtMeanRating: meanRating(candidates) };
      const ranking = rankCandidates(request, candidates, settings, district, now, rankOptions);
      const schedules = new Map(candidates.map(({ partner }) => [partner.id, partner.schedule]));
      const decision = decideNextOffer({
        request,
        history,
        ranking,
        settings,
        now,
        duty: { scheduleOf: (partnerId) => schedules.get(partnerId), timeZone: district.timeZone },
        attemptsBefore: need.attemptsBeforeRedispatch ?? 0,
      });

      if (decision.action === 'none') return { action: 'none', why: `offer ${decision.attempt} is open or accepted` };

      if (decision.action === 'escalate') {
        const { code, message, emptiedBy, rejectedByConstraint } = decision.reason;
        if (code === 'noCandidates' && blockedOnlyByCapacity(ranking, request, candidates, settings, district, now, rankOptions)) {
          const queue = `${need.category}#${need.communityId}`;
          // Already waiting: it keeps its place and nothing is written.
          if (need.status === 'waiting') return { action: 'waiting', queue };
          await saveNeed(waitNeed(need, queue, waitingReason(ranking.rejectedByConstraint.freeCapacity), now), need.version);
          logger.info('need waits for a free partner', { needId, queue });
          return { action: 'waiting', queue };
        }
        await saveNeed(escalateNeed(need, { code, message, emptiedBy, rejectedByConstraint }, now), need.version);
        logger.warn('need escalated', { needId, code, reason: message.en });
        return { action: 'escalated', code };
      }

      const partner = candidates.find((candidate) => candidate.partner.id === decision.partnerId)?.partner;
      if (!partner) throw new Error(`ranked partner ${decision.partnerId} is not among the candidates`);
      const offer = newOffer(need, decision, now);
      const outcome = await writeOffer(offer, offerNeed(need, now, offer.residentSummary, offer.expiresAt), need.version, partner.capacity);
      if (outcome === 'written') {
        logger.info('need offered', { needId, offerId: offer.id, partnerId: partner.id, score: decision.explanation.score, attempt: decision.attempt });
        return { action: 'offered', offerId: offer.id, partnerId: partner.id };
      }
      if (outcome === 'offerExists') return { action: 'none', why: `offer ${offer.id} already written` };
      if (outcome === 'partnerFull') found.full.add(partner.id);
      if (outcome === 'partnerNotActive') found.inactive.add(partner.id);
      logger.info('offer write lost a race; ranking again', { needId, partnerId: partner.id, outcome, round });
      throw new StaleWrite(`need ${needId}: ${outcome}`);
    },
    { rounds: 6, exhausted: () => new Error(`need ${needId}: no stable dispatch after 6 rounds`) },
  );
}
