/**
 * The offer cascade's decisions, as pure functions: given a need's offers so far and a fresh
 * ranking, offer the need to the next partner (with a deadline from the urgency's timeout) or
 * escalate it to operators (吹哨) with a reason in zh and en. The stream consumers persist the result.
 */
import { serviceCategories } from '../catalog/service-categories.ts';
import { type ConstraintName, constraintLabels, constraintNames } from './constraints.ts';
import type { Explanation } from './explanation.ts';
import type { MatchRequest } from './match-request.ts';
import type { MatchingSettings } from './matching-settings.ts';
import type { Ranking } from './rank-candidates.ts';

export type OfferOutcome = 'open' | 'accepted' | 'declined' | 'expired';

export interface OfferAttempt {
  attempt: number;
  partnerId: string;
  outcome: OfferOutcome;
}

export type EscalationCode = 'notAService' | 'noCandidates' | 'maxAttemptsReached';

export interface EscalationReason {
  code: EscalationCode;
  /** For noCandidates: the last constraint, in the order applied, that removed the remaining candidates. */
  emptiedBy?: ConstraintName;
  rejectedByConstraint?: Record<ConstraintName, number>;
  message: { zh: string; en: string };
}

export type NextOffer =
  | { action: 'offer'; partnerId: string; attempt: number; expiresAt: string; explanation: Explanation }
  | { action: 'escalate'; reason: EscalationReason }
  /** An offer is still open or was accepted: a duplicate or late trigger, nothing to do. */
  | { action: 'none'; attempt: number };

/** Partners that declined the need or let an offer for it expire: the request's exclusions. */
export function excludedPartnersOf(history: readonly OfferAttempt[]): string[] {
  return history.filter((entry) => entry.outcome === 'declined' || entry.outcome === 'expired').map((entry) => entry.partnerId);
}

export interface NextOfferInput {
  request: MatchRequest;
  history: readonly OfferAttempt[];
  /** A ranking made with `request`, whose exclusions include `excludedPartnersOf(history)`. */
  ranking: Ranking;
  settings: MatchingSettings;
  now: Date;
}

export function decideNextOffer({ request, history, ranking, settings, now }: NextOfferInput): NextOffer {
  const live = history.find((entry) => entry.outcome === 'open' || entry.outcome === 'accepted');
  if (live) return { action: 'none', attempt: live.attempt };

  const category = serviceCategories.find((entry) => entry.code === request.category);
  if (category && 'escalateOnly' in category && category.escalateOnly) {
    return { action: 'escalate', reason: notAService(category.label) };
  }
  if (history.length >= settings.maxAttempts) {
    return { action: 'escalate', reason: maxAttemptsReached(history.length) };
  }
  const chosen = ranking.chosen;
  if (!chosen) return { action: 'escalate', reason: noCandidates(ranking, category?.label) };
  if (excludedPartnersOf(history).includes(chosen.partnerId)) {
    throw new Error(`ranking for need ${request.needId} chose ${chosen.partnerId}, who already declined or let it expire`);
  }

  const attempt = history.reduce((highest, entry) => Math.max(highest, entry.attempt), 0) + 1;
  const timeoutMs = settings.offerTimeoutMinutes[request.urgency] * 60_000;
  return {
    action: 'offer',
    partnerId: chosen.partnerId,
    attempt,
    expiresAt: new Date(now.getTime() + timeoutMs).toISOString(),
    explanation: chosen,
  };
}

function notAService(label: { zh: string; en: string }): EscalationReason {
  return {
    code: 'notAService',
    message: {
      zh: `「${label.zh}」不是服务需求，需由社区转交共建单位处理。`,
      en: `${label.en} is not a service: operators take it to the co-building units.`,
    },
  };
}

function maxAttemptsReached(attempts: number): EscalationReason {
  return {
    code: 'maxAttemptsReached',
    message: {
      zh: `已依次向${attempts}位合伙人发出邀请，均被拒绝或超时未接单。`,
      en: `Offered to ${attempts} partners in turn; each declined or let the offer expire.`,
    },
  };
}

function noCandidates(ranking: Ranking, label: { zh: string; en: string } | undefined): EscalationReason {
  const counts = ranking.rejectedByConstraint;
  if (ranking.considered === 0) {
    return {
      code: 'noCandidates',
      rejectedByConstraint: { ...counts },
      message: {
        zh: `本社区暂无提供「${label?.zh ?? '该类'}」服务的合伙人。`,
        en: `No partner serving this community offers ${label?.en.toLowerCase() ?? 'this service'}.`,
      },
    };
  }
  const emptiedBy = constraintNames.findLast((name) => counts[name] > 0);
  const rejecting = constraintNames
    .filter((name) => counts[name] > 0)
    .sort((left, right) => counts[right] - counts[left] || constraintNames.indexOf(left) - constraintNames.indexOf(right));
  return {
    code: 'noCandidates',
    ...(emptiedBy ? { emptiedBy } : {}),
    rejectedByConstraint: { ...counts },
    message: {
      zh: `候选合伙人共${ranking.considered}位，均未通过匹配条件：${rejecting.map((name) => `${constraintLabels[name].zh} ${counts[name]} 位`).join('，')}。`,
      en: `${ranking.considered === 1 ? 'The only candidate partner failed a constraint' : `None of the ${ranking.considered} candidate partners passed every constraint`}: ${rejecting.map((name) => `${constraintLabels[name].en}: ${counts[name]}`).join('; ')}.`,
    },
  };
}
