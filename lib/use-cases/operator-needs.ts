/**
 * The operators' actions on a need that left the cascade: assign, redispatch, refer, record the
 * unit's answer, close. Each reads the need, answers a retried request with the state it produced,
 * refuses with 409 (and the current state) what the need's status no longer allows, and writes
 * conditionally, again on a fresh read when the need moved under it.
 */
import { now } from '../common/clock.ts';
import { Conflict, InvalidInput, NotFound } from '../common/domain-errors.ts';
import { loadCandidate } from '../data/candidates-repository.ts';
import { saveNeed } from '../data/needs-repository.ts';
import { needWithOffers, writeOffer, writeOrderChange } from '../data/offers-repository.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { judgeAssignment, notOverridable } from '../matching/assignment.ts';
import { constraintLabels } from '../matching/constraints.ts';
import { dutyTimeDeadline } from '../matching/duty-deadline.ts';
import { matchRequestOfNeed } from '../matching/match-request-of-need.ts';
import { excludedPartnersOf } from '../matching/next-offer.ts';
import { isNeedId, type Need } from '../needs/need.ts';
import {
  answerReferral,
  assertAllowed,
  assignNeed,
  type CloseOutcome,
  closeNeed,
  isReplay,
  type OperatorAct,
  type ReferralOutcome,
  redispatchNeed,
  referNeed,
  requestFingerprint,
} from '../needs/operator-actions.ts';
import { newOffer, type Offer } from '../offers/offer.ts';
import { logger } from '../observability/logger.ts';
import { withdrawOffer } from '../orders/order-steps.ts';
import { getUnit } from '../data/units-repository.ts';
import { markPhoneSeen, phoneKeyOf } from '../data/phone-confirmations.ts';
import { offerHistory } from './dispatch-need.ts';
import { expectWritten, retryOnStaleWrite, StaleWrite } from './retry-on-stale-write.ts';

export interface OperatorRequest<Body> {
  needId: string;
  by: string;
  body: Body;
}

async function needAndOffers(needId: string): Promise<{ need: Need; offers: Offer[] }> {
  const { need, offers } = isNeedId(needId) ? await needWithOffers(needId) : { need: undefined, offers: [] };
  if (!need) throw new NotFound('need');
  return { need, offers };
}

function actOf(action: OperatorAct['action'], request: OperatorRequest<{ note?: string | undefined }>): OperatorAct {
  return {
    action,
    by: request.by,
    requestHash: requestFingerprint(action, request.needId, request.body),
    ...(request.body.note ? { note: request.body.note } : {}),
  };
}

const liveOf = (offers: readonly Offer[]) => offers.find((offer) => offer.status === 'open' || offer.status === 'accepted');

/**
 * An offer to the partner the operator chose, outside the cascade. The partner must pass the hard
 * constraints, unless the operator overrides them with a written reason (never capacity).
 */
export function assignToPartner(
  request: OperatorRequest<{ partnerId: string; note?: string | undefined; override: boolean; reason?: string | undefined }>,
  district: DistrictConfig,
): Promise<{ need: Need; offer: Offer | undefined }> {
  const act = actOf('assigned', request);
  return retryOnStaleWrite('assigning the need', async () => {
    const at = now();
    const { need, offers } = await needAndOffers(request.needId);
    if (isReplay(need, act)) return { need, offer: liveOf(offers) };
    assertAllowed(need, 'assigned');
    const live = liveOf(offers);
    if (live) throw new Conflict(`the need already has a live offer to ${live.partnerId}`, { status: need.status, offerId: live.id });
    const candidate = /^[A-Za-z0-9_-]{1,100}$/.test(request.body.partnerId) ? await loadCandidate(request.body.partnerId, at) : undefined;
    if (!candidate) throw new InvalidInput([{ field: 'partnerId', code: 'unknown_value', detail: 'no partner with this id' }]);

    const matchRequest = matchRequestOfNeed(need, excludedPartnersOf(offerHistory(offers)));
    const { failed, explanation } = judgeAssignment(matchRequest, candidate, district.matching, district, at);
    const blocking = failed.filter((name) => notOverridable.includes(name));
    const current = { status: need.status, openOrders: candidate.standing.openOrders, capacity: candidate.partner.capacity };
    if (blocking.includes('active')) throw new Conflict(`the partner is ${candidate.partner.status}: only an active partner can be given work`, { ...current, partnerStatus: candidate.partner.status });
    if (blocking.length > 0) throw new Conflict('the partner has no free place; capacity cannot be overridden', current);
    if (failed.length > 0 && !request.body.override) {
      throw new Conflict(
        `the partner fails: ${failed.map((name) => constraintLabels[name].zh).join('、')}; to assign anyway send override: true with a reason`,
        { status: need.status, failedConstraints: failed },
      );
    }
    const assignedBy = {
      by: request.by,
      ...(request.body.note ? { note: request.body.note } : {}),
      ...(failed.length > 0 && request.body.reason ? { override: { reason: request.body.reason, constraints: failed } } : {}),
    };
    const windowMs = district.matching.offerTimeoutMinutes[need.urgency] * 60_000;
    const deadline = dutyTimeDeadline(candidate.partner.schedule, matchRequest.category, at.getTime(), windowMs, district.timeZone);
    const attempt = offers.reduce((highest, offer) => Math.max(highest, offer.attempt), 0) + 1;
    const offer: Offer = {
      ...newOffer(
        need,
        {
          partnerId: candidate.partner.id,
          attempt,
          expiresAt: new Date(deadline.expiresAt).toISOString(),
          countsFrom: new Date(deadline.countsFrom).toISOString(),
          explanation: { ...explanation, assignedBy },
        },
        at,
      ),
      assignedBy,
    };
    const overrideNote = assignedBy.override ? `override (${failed.join(', ')}): ${assignedBy.override.reason}` : undefined;
    const assigned = assignNeed(need, { ...act, ...(overrideNote ? { note: [act.note, overrideNote].filter(Boolean).join(' | ') } : {}) }, at, offer.expiresAt);
    const outcome = await writeOffer(offer, { ...assigned, availability: offer.residentSummary }, need.version, candidate.partner.capacity);
    if (outcome === 'partnerFull') throw new Conflict('the partner has no free place; capacity cannot be overridden', current);
    expectWritten(outcome, 'assign');
    logger.info('need assigned by an operator', { needId: need.id, partnerId: candidate.partner.id, overridden: failed });
    return { need: assigned, offer };
  });
}

/** Back into the cascade: the attempts so far stop counting, earlier decliners stay excluded. */
export async function redispatch(
  request: OperatorRequest<{ note?: string | undefined }>,
  district: DistrictConfig,
): Promise<Need> {
  const act = actOf('redispatched', request);
  const saved = await retryOnStaleWrite('redispatching the need', async () => {
    const { need, offers } = await needAndOffers(request.needId);
    if (isReplay(need, act)) return { need, replayed: true };
    const moved = redispatchNeed(need, offers.length, act, now());
    await saveNeed(moved, need.version);
    // Staff who reached the resident stand for a phone number that had not confirmed its code (#10).
    if (need.status === 'awaitingConfirmation' && need.contact.phone) {
      await markPhoneSeen(
        await phoneKeyOf(district.id, need.contact.phone),
        'staff',
        now(),
        district.submissions.phoneConfirmation.seenPhoneDays,
      );
    }
    return { need: moved, replayed: false };
  });
  // Matched from the stream (topology's needBackToMatching); the watchdog catches a need left submitted.
  return saved.need;
}

export function refer(request: OperatorRequest<{ unitId: string; note?: string | undefined }>): Promise<Need> {
  const act = actOf('referred', request);
  return retryOnStaleWrite('referring the need', async () => {
    const { need } = await needAndOffers(request.needId);
    if (isReplay(need, act)) return need;
    assertAllowed(need, 'referred');
    const unit = /^[A-Za-z0-9-]{1,64}$/.test(request.body.unitId) ? await getUnit(request.body.unitId) : undefined;
    if (!unit) throw new InvalidInput([{ field: 'unitId', code: 'unknown_value', detail: 'no co-building unit with this id (see GET /units)' }]);
    const referred = referNeed(need, { id: unit.id, name: unit.name }, act, now());
    await saveNeed(referred, need.version);
    return referred;
  });
}

export function recordReferralReply(request: OperatorRequest<{ outcome: ReferralOutcome; note?: string | undefined }>): Promise<Need> {
  const act = actOf('referralAnswered', request);
  return retryOnStaleWrite('recording the referral reply', async () => {
    const { need } = await needAndOffers(request.needId);
    if (isReplay(need, act)) return need;
    const answered = answerReferral(need, request.body.outcome, act, now());
    await saveNeed(answered, need.version);
    return answered;
  });
}

/** Closed for good with an outcome; an open offer is withdrawn in the same transaction, freeing its place. */
export function closeByOperator(request: OperatorRequest<{ outcome: CloseOutcome; note?: string | undefined }>): Promise<Need> {
  const act = actOf('closed', request);
  return retryOnStaleWrite('closing the need', async () => {
    const at = now();
    const { need, offers } = await needAndOffers(request.needId);
    if (isReplay(need, act)) return need;
    const closed = closeNeed(need, request.body.outcome, act, at);
    const live = liveOf(offers);
    const outcome = await writeOrderChange({
      need: closed,
      expectedNeedVersion: need.version,
      ...(live
        ? { offer: { next: withdrawOffer(live, at, 'closed by community staff'), expectedStatus: live.status }, counters: { partnerId: live.partnerId, add: { openOrders: -1 } } }
        : {}),
    });
    if (outcome !== 'written') throw new StaleWrite(`close: ${outcome}`);
    return closed;
  });
}
