/**
 * Ranks a need's candidates in two stages, as dispatch systems do: hard constraints first (cheapest
 * first, stopping at the first failure), then weighted objectives for the survivors only. Only the
 * best `limit` survivors are kept (a bounded top-k, never a sort of every candidate).
 *
 * Deterministic: ties in score go to fewer open orders, then to the lower partnerId (code-unit
 * order), so the result does not depend on the order candidates arrive in.
 */
import type { DistrictConfig } from '../district/district-config.ts';
import type { Candidate } from './candidate.ts';
import { type ConstraintName, constraintNames, firstFailedConstraint, noRejections } from './constraints.ts';
import { type Explanation, explainChoice } from './explanation.ts';
import { type MatchOptions, matchContext } from './match-context.ts';
import type { MatchRequest } from './match-request.ts';
import type { MatchingSettings } from './matching-settings.ts';
import { gradeInto, objectives, type Term, termsFrom, termWeights } from './objectives.ts';
import { countSteps } from './step-counter.ts';
import { TopK } from './top-k.ts';

export interface RankedCandidate {
  partnerId: string;
  score: number;
  terms: Term[];
}

export interface Ranking {
  /** The best eligible candidates, best first; at most `limit` of them. */
  ranked: RankedCandidate[];
  considered: number;
  eligible: number;
  /** Each rejected candidate counted once, against the first constraint it failed. */
  rejectedByConstraint: Record<ConstraintName, number>;
  /** Why the first of `ranked` was chosen; absent when nobody passed the constraints. */
  chosen?: Explanation;
}

export interface RankOptions extends MatchOptions {
  /** How many ranked candidates to return; 1 + settings.runnerUps by default. */
  limit?: number;
}

interface Scored {
  candidate: Candidate;
  score: number;
  grades: Float64Array;
}

function ranksAbove(left: Scored, right: Scored): boolean {
  if (left.score !== right.score) return left.score > right.score;
  const leftOpen = left.candidate.standing.openOrders;
  const rightOpen = right.candidate.standing.openOrders;
  if (leftOpen !== rightOpen) return leftOpen < rightOpen;
  return left.candidate.partner.id < right.candidate.partner.id;
}

export function rankCandidates(
  request: MatchRequest,
  candidates: readonly Candidate[],
  settings: MatchingSettings,
  district: DistrictConfig,
  now: Date,
  options: RankOptions = {},
): Ranking {
  const context = matchContext(request, settings, district, now, options);
  const weights = termWeights(context);
  const rejectedByConstraint = noRejections();
  const best = new TopK<Scored>(options.limit ?? 1 + settings.runnerUps, ranksAbove);
  const bestGrades = new Float64Array(objectives.length).fill(Number.NEGATIVE_INFINITY);
  const grades = new Float64Array(objectives.length);
  let eligible = 0;

  for (const candidate of candidates) {
    const failed = firstFailedConstraint(candidate, context);
    // The candidate, and each constraint tried on it.
    if (context.steps) countSteps(context.steps, 1 + (failed ? constraintNames.indexOf(failed) + 1 : constraintNames.length));
    if (failed) {
      rejectedByConstraint[failed] += 1;
      continue;
    }
    eligible += 1;
    // The objectives, the best grades kept per objective and the place in the top k.
    countSteps(context.steps, 2 * objectives.length + Math.ceil(Math.log2(best.items.length + 2)));
    const scored: Scored = { candidate, score: gradeInto(candidate, context, weights, grades), grades };
    for (let index = 0; index < grades.length; index += 1) {
      bestGrades[index] = Math.max(bestGrades[index] ?? 0, grades[index] ?? 0);
    }
    if (best.admits(scored)) best.offer({ ...scored, grades: grades.slice() });
  }

  const ranked = best.items.map(({ candidate, score, grades: own }) => ({
    partnerId: candidate.partner.id,
    score,
    terms: termsFrom(own, weights),
  }));
  const winner = best.items[0];
  const chosen = winner
    ? explainChoice({
        context,
        candidate: winner.candidate,
        score: winner.score,
        terms: ranked[0]?.terms ?? [],
        leadingTerms: objectives
          .filter((_, index) => weights[index] !== 0 && eligible > 1 && (winner.grades[index] ?? 0) >= (bestGrades[index] ?? 0))
          .map((objective) => objective.name),
        considered: candidates.length,
        eligible,
        rejectedByConstraint,
        runnerUps: ranked.slice(1, 1 + settings.runnerUps).map(({ partnerId, score }) => ({ partnerId, score })),
      })
    : undefined;

  return { ranked, considered: candidates.length, eligible, rejectedByConstraint, ...(chosen ? { chosen } : {}) };
}
