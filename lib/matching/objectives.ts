/**
 * Weighted objectives for the candidates that pass every constraint. Each term grades a candidate
 * 0..1 (1 is best); score = Σ weight × grade over the terms that apply to the need, with the
 * applying weights scaled to sum to 1, so a score is itself 0..1.
 *
 * | term                 | grade                                                                        |
 * |----------------------|------------------------------------------------------------------------------|
 * | skill                | skill level in the need's category: 1 → 0, 2 → 0.25, 3 → 0.5, 4 → 0.75, 5 → 1  |
 * | proximity            | need location and partner base known: 1 within fullGradeWithinKm (1 km),      |
 * |                      | falling linearly to 0 at zeroGradeAtKm (5 km). Otherwise by service area:     |
 * |                      | serves the need's grid 1, its community 0.6, anything else 0.2                |
 * | reputation           | Bayesian mean (k·prior + n·mean) / (k + n), k = priorStrength, prior = the    |
 * |                      | district mean rating; mapped 1★ → 0 … 5★ → 1                                 |
 * | reliability          | mean of acceptance (accepted / offered) and completion                        |
 * |                      | (completed / (completed + cancelled)), each with priorRate at priorStrength   |
 * | loadBalance          | ½ (1 − open / capacity) + ½ h / (h + recent), h = recentOrdersHalfGradeAt:    |
 * |                      | fewer open and recent orders rank higher, so work rotates                    |
 * | priceFit             | special groups only: free 1, lowCost 0.6, market 0.2                          |
 * | earliestAvailability | urgent needs only: 1 if on duty at the start of the service range, falling   |
 * |                      | linearly to 0 at its end                                                      |
 *
 * A term that does not apply (priceFit for other residents, earliestAvailability for normal needs)
 * would grade everyone alike; it is left out of the score instead, with weight 0.
 */
import type { PriceMode } from '../partners/partner.ts';
import type { Candidate } from './candidate.ts';
import { firstDutyStretch } from './duty-schedule.ts';
import { countSteps } from './step-counter.ts';
import { haversineKm } from './geo.ts';
import type { MatchContext } from './match-context.ts';

export type Proximity = { kind: 'distance'; km: number } | { kind: 'sameGrid' } | { kind: 'sameCommunity' } | { kind: 'elsewhere' };

export const proximityTierGrades = { sameGrid: 1, sameCommunity: 0.6, elsewhere: 0.2 } as const;
export const priceFitGrades: Record<PriceMode, number> = { free: 1, lowCost: 0.6, market: 0.2 };

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

export function gradeSkill({ partner }: Candidate, context: MatchContext): number {
  countSteps(context.steps, partner.capabilities.length);
  const capability = partner.capabilities.find((entry) => entry.category === context.request.category);
  return capability ? (capability.skillLevel - 1) / 4 : 0;
}

export function proximityOf({ partner }: Candidate, context: MatchContext): Proximity {
  const { location, gridId, communityId } = context.request;
  countSteps(context.steps, partner.serviceArea.grids.length * (1 + context.district.communities.length) + partner.serviceArea.communities.length);
  if (location && partner.base) return { kind: 'distance', km: haversineKm(partner.base, location) };
  if (gridId && partner.serviceArea.grids.includes(gridId)) return { kind: 'sameGrid' };
  if (partner.serviceArea.communities.includes(communityId)) return { kind: 'sameCommunity' };
  // A need without a grid is as near to a partner serving one of its community's grids as to one serving the community.
  const communityGrids = gridId ? [] : (context.district.communities.find((community) => community.id === communityId)?.grids ?? []);
  if (communityGrids.some((grid) => partner.serviceArea.grids.includes(grid.id))) return { kind: 'sameCommunity' };
  return { kind: 'elsewhere' };
}

export function gradeProximity(candidate: Candidate, context: MatchContext): number {
  const proximity = proximityOf(candidate, context);
  if (proximity.kind !== 'distance') return proximityTierGrades[proximity.kind];
  const { fullGradeWithinKm, zeroGradeAtKm } = context.settings.proximity;
  return clamp01((zeroGradeAtKm - proximity.km) / (zeroGradeAtKm - fullGradeWithinKm));
}

/** The partner's mean rating shrunk towards the district mean by the prior's strength (1..5). */
/** A mean of `count` ratings shrunk towards `priorMean` as if it were `priorStrength` more ratings. */
export function bayesianMean(mean: number, count: number, priorMean: number, priorStrength: number): number {
  if (priorStrength + count === 0) return priorMean;
  return (priorStrength * priorMean + count * mean) / (priorStrength + count);
}

export function shrunkRating({ standing }: Candidate, context: MatchContext): number {
  const { mean, count } = standing.reputation;
  return bayesianMean(mean, count, context.reputationPriorMean, context.settings.reputation.priorStrength);
}

export function gradeReputation(candidate: Candidate, context: MatchContext): number {
  return clamp01((shrunkRating(candidate, context) - 1) / 4);
}

export function rateWithPrior(successes: number, trials: number, priorRate: number, priorStrength: number): number {
  if (trials + priorStrength === 0) return priorRate;
  return clamp01((Math.min(successes, trials) + priorRate * priorStrength) / (trials + priorStrength));
}

export function reliabilityRates({ standing }: Candidate, context: MatchContext): { acceptance: number; completion: number } {
  const { offered, accepted, completed, cancelled } = standing.reliability;
  const { priorRate, priorStrength } = context.settings.reliability;
  return {
    acceptance: rateWithPrior(accepted, offered, priorRate, priorStrength),
    completion: rateWithPrior(completed, completed + cancelled, priorRate, priorStrength),
  };
}

export function gradeReliability(candidate: Candidate, context: MatchContext): number {
  const { acceptance, completion } = reliabilityRates(candidate, context);
  return (acceptance + completion) / 2;
}

export function gradeLoadBalance({ partner, standing }: Candidate, context: MatchContext): number {
  const openShare = Math.min(standing.openOrders, partner.capacity) / partner.capacity;
  const halfAt = context.settings.recentOrdersHalfGradeAt;
  return 0.5 * (1 - openShare) + 0.5 * (halfAt / (halfAt + standing.recentOrders));
}

export function gradePriceFit({ partner }: Candidate): number {
  return priceFitGrades[partner.priceMode];
}

export function gradeEarliestAvailability({ partner }: Candidate, context: MatchContext): number {
  const range = context.serviceRange;
  const stretch = firstDutyStretch(partner.schedule, context.request.category, range, context.calendar, context.steps);
  if (!stretch) return 0;
  return clamp01(1 - (stretch.from - range.from) / (range.to - range.from));
}

function windowStartsSoon(context: MatchContext): boolean {
  if (!context.request.preferredWindow) return false;
  return context.serviceRange.from - context.now <= context.settings.horizonHours.urgent * 3_600_000;
}

export const objectives = [
  { name: 'skill', grade: gradeSkill, appliesTo: () => true },
  { name: 'proximity', grade: gradeProximity, appliesTo: () => true },
  { name: 'reputation', grade: gradeReputation, appliesTo: () => true },
  { name: 'reliability', grade: gradeReliability, appliesTo: () => true },
  { name: 'loadBalance', grade: gradeLoadBalance, appliesTo: () => true },
  { name: 'priceFit', grade: gradePriceFit, appliesTo: (context: MatchContext) => context.forSpecialGroup },
  {
    name: 'earliestAvailability',
    grade: gradeEarliestAvailability,
    // Urgent needs, and needs whose preferred window starts within the urgent horizon: then a
    // partner on duty now is worth more than one on duty later.
    appliesTo: (context: MatchContext) => context.request.urgency === 'urgent' || windowStartsSoon(context),
  },
] as const satisfies readonly {
  name: string;
  grade: (candidate: Candidate, context: MatchContext) => number;
  appliesTo: (context: MatchContext) => boolean;
}[];

export type TermName = (typeof objectives)[number]['name'];

export interface Term {
  name: TermName;
  grade: number;
  weight: number;
  contribution: number;
}

/** The weight of each objective for this need, in `objectives` order: 0 where it does not apply. */
export function termWeights(context: MatchContext): number[] {
  const configured = objectives.map((objective) => (objective.appliesTo(context) ? context.settings.weights[objective.name] : 0));
  const total = configured.reduce((sum, weight) => sum + weight, 0);
  return configured.map((weight) => (total > 0 ? weight / total : 0));
}

/**
 * Grades the candidate on every applying objective into `grades` (objectives order) and returns the
 * score, summed in that order so that it equals the sum of the terms' contributions exactly.
 */
export function gradeInto(candidate: Candidate, context: MatchContext, weights: readonly number[], grades: Float64Array): number {
  let score = 0;
  for (let index = 0; index < objectives.length; index += 1) {
    const weight = weights[index] ?? 0;
    const objective = objectives[index];
    const grade = weight > 0 && objective ? objective.grade(candidate, context) : 0;
    grades[index] = grade;
    score += weight * grade;
  }
  return score;
}

/** The applying terms, from grades filled by `gradeInto`. */
export function termsFrom(grades: Float64Array, weights: readonly number[]): Term[] {
  const terms: Term[] = [];
  objectives.forEach((objective, index) => {
    const weight = weights[index] ?? 0;
    if (weight === 0) return;
    const grade = grades[index] ?? 0;
    terms.push({ name: objective.name, grade, weight, contribution: weight * grade });
  });
  return terms;
}

export function scoreCandidate(candidate: Candidate, context: MatchContext): { score: number; terms: Term[] } {
  const weights = termWeights(context);
  const grades = new Float64Array(objectives.length);
  const score = gradeInto(candidate, context, weights, grades);
  return { score, terms: termsFrom(grades, weights) };
}
