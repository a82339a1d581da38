/**
 * Whether a need should wait for a free partner rather than go to operators: the field was emptied
 * by capacity alone, i.e. some partner passes every other constraint and is merely full. Ranking
 * stops at a candidate's first failed constraint, so the counts cannot say it; ranking again as if
 * everyone had a free place can.
 */
import type { DistrictConfig } from '../district/district-config.ts';
import type { Candidate } from './candidate.ts';
import type { MatchRequest } from './match-request.ts';
import type { MatchingSettings } from './matching-settings.ts';
import { type RankOptions, type Ranking, rankCandidates } from './rank-candidates.ts';

export function blockedOnlyByCapacity(
  ranking: Ranking,
  request: MatchRequest,
  candidates: readonly Candidate[],
  settings: MatchingSettings,
  district: DistrictConfig,
  now: Date,
  options: RankOptions = {},
): boolean {
  if (ranking.chosen || ranking.rejectedByConstraint.freeCapacity === 0) return false;
  const withFreePlaces = candidates.map((candidate) => ({ ...candidate, standing: { ...candidate.standing, openOrders: 0 } }));
  return rankCandidates(request, withFreePlaces, settings, district, now, { ...options, limit: 1 }).chosen !== undefined;
}

export function waitingReason(full: number): { zh: string; en: string } {
  return {
    zh: `能提供这项服务的合伙人（${full}位）目前都已满额，需求排队等待空位。`,
    en: `Every partner able to serve it (${full}) is at capacity; the need waits for a free place.`,
  };
}
