/**
 * The benchmark's baseline, not for production: score every partner of the district with no
 * pre-filtering, evaluating every constraint and every applying term for each, then sort them all and take
 * the best eligible one. It answers the same question as rankCandidates, the slow way.
 */
import type { DistrictConfig } from '../../lib/district/district-config.ts';
import type { Candidate } from '../../lib/matching/candidate.ts';
import { constraints } from '../../lib/matching/constraints.ts';
import { matchContext } from '../../lib/matching/match-context.ts';
import type { MatchRequest } from '../../lib/matching/match-request.ts';
import type { MatchingSettings } from '../../lib/matching/matching-settings.ts';
import { objectives, termWeights } from '../../lib/matching/objectives.ts';

export interface NaiveEntry {
  partnerId: string;
  eligible: boolean;
  failed: string[];
  score: number;
  openOrders: number;
  terms: { name: string; grade: number; weight: number; contribution: number }[];
}

export function rankNaively(
  request: MatchRequest,
  everyone: readonly Candidate[],
  settings: MatchingSettings,
  district: DistrictConfig,
  now: Date,
): NaiveEntry[] {
  const context = matchContext(request, settings, district, now);
  const weights = termWeights(context);
  const entries = everyone.map((candidate): NaiveEntry => {
    const outcomes = constraints.map((constraint) => ({ name: constraint.name, outcome: constraint.check(candidate, context) }));
    const terms = objectives.map((objective, index) => {
      const weight = weights[index] ?? 0;
      const grade = weight > 0 ? objective.grade(candidate, context) : 0;
      return { name: objective.name, grade, weight, contribution: weight * grade };
    });
    const failed = outcomes.filter((entry) => !entry.outcome.passed).map((entry) => entry.name);
    return {
      partnerId: candidate.partner.id,
      eligible: failed.length === 0,
      failed,
      score: terms.reduce((sum, term) => sum + term.contribution, 0),
      openOrders: candidate.standing.openOrders,
      terms,
    };
  });
  return entries.sort(
    (left, right) =>
      Number(right.eligible) - Number(left.eligible) ||
      right.score - left.score ||
      left.openOrders - right.openOrders ||
      (left.partnerId < right.partnerId ? -1 : left.partnerId > right.partnerId ? 1 : 0),
  );
}
