/**
 * The six-level partner grade (the sources' 六级评估), recomputed from the standing whenever it is
 * read, so it can never disagree with the figures it comes from. It uses the matcher's own
 * estimates: reputation shrunk towards the district mean, reliability with a prior for newcomers.
 *
 *   standing score = 0.6 × reputation (1★ → 0 … 5★ → 1) + 0.4 × reliability (mean of acceptance
 *   and completion rates)
 *
 * | level | name (zh / en)        | score from |
 * |-------|-----------------------|------------|
 * | 6     | 卓越 / Outstanding    | 0.90       |
 * | 5     | 优秀 / Excellent      | 0.80       |
 * | 4     | 良好 / Good           | 0.70       |
 * | 3     | 合格 / Satisfactory   | 0.60       |
 * | 2     | 待改进 / Needs work   | 0.45       |
 * | 1     | 不合格 / Failing      | 0          |
 *
 * A newcomer (no ratings, no history) scores 0.6·0.75 + 0.4·0.8 = 0.77: level 4, and moves only as
 * evidence comes in. Level 1 is the operators' cue to review and possibly suspend (差别化管理).
 */
import type { PartnerStanding } from '../matching/candidate.ts';
import type { MatchingSettings } from '../matching/matching-settings.ts';
import { bayesianMean, rateWithPrior } from '../matching/objectives.ts';

export const gradeLevels = [
  { level: 6, from: 0.9, name: { zh: '卓越', en: 'Outstanding' } },
  { level: 5, from: 0.8, name: { zh: '优秀', en: 'Excellent' } },
  { level: 4, from: 0.7, name: { zh: '良好', en: 'Good' } },
  { level: 3, from: 0.6, name: { zh: '合格', en: 'Satisfactory' } },
  { level: 2, from: 0.45, name: { zh: '待改进', en: 'Needs work' } },
  { level: 1, from: 0, name: { zh: '不合格', en: 'Failing' } },
] as const;

export interface PartnerGrade {
  level: number;
  name: { zh: string; en: string };
  score: number;
  reputation: { shrunkMean: number; ratings: number };
  reliability: { acceptance: number; completion: number };
}

export function partnerGrade(standing: PartnerStanding, settings: MatchingSettings, districtMeanRating?: number): PartnerGrade {
  const priorMean = districtMeanRating ?? settings.reputation.priorMean;
  const shrunkMean = bayesianMean(standing.reputation.mean, standing.reputation.count, priorMean, settings.reputation.priorStrength);
  const { offered, accepted, completed, cancelled } = standing.reliability;
  const { priorRate, priorStrength } = settings.reliability;
  const acceptance = rateWithPrior(accepted, offered, priorRate, priorStrength);
  const completion = rateWithPrior(completed, completed + cancelled, priorRate, priorStrength);
  const score = 0.6 * ((shrunkMean - 1) / 4) + 0.4 * ((acceptance + completion) / 2);
  const lowest = gradeLevels[gradeLevels.length - 1] as (typeof gradeLevels)[number];
  const grade = gradeLevels.find((entry) => score >= entry.from) ?? lowest;
  return {
    level: grade.level,
    name: grade.name,
    score: Math.round(score * 1000) / 1000,
    reputation: { shrunkMean: Math.round(shrunkMean * 100) / 100, ratings: standing.reputation.count },
    reliability: { acceptance: Math.round(acceptance * 1000) / 1000, completion: Math.round(completion * 1000) / 1000 },
  };
}
