/**
 * What the partner routes show. Notification channels are write-only where they hold secrets
 * (webhook secrets, robot tokens in URLs): responses carry them masked, so a PATCH that changes
 * them sends the whole list again.
 */
import type { PartnerStanding } from '../matching/candidate.ts';
import type { MatchingSettings } from '../matching/matching-settings.ts';
import { redactedChannels } from '../notifications/channels.ts';
import { type PartnerGrade, partnerGrade } from '../reputation/partner-grade.ts';
import type { Partner } from './partner.ts';
import type { PartnerRecord } from './partner-record.ts';

export interface StandingView {
  openOrders: number;
  /** The mean of residents' stars, absent until the first rating. */
  reputation: { mean?: number; count: number };
  reliability: PartnerStanding['reliability'];
  /** The six-level grade, recomputed from the standing (lib/reputation/partner-grade.ts). */
  grade: Pick<PartnerGrade, 'level' | 'name' | 'score'>;
  points: number;
}

export function standingView(snapshot: { standing: PartnerStanding; points?: number }, settings: MatchingSettings): StandingView {
  const { standing } = snapshot;
  const { count } = standing.reputation;
  const { level, name, score } = partnerGrade(standing, settings);
  return {
    openOrders: standing.openOrders,
    reputation: count > 0 ? { mean: Math.round(standing.reputation.mean * 100) / 100, count } : { count },
    reliability: standing.reliability,
    grade: { level, name, score },
    points: snapshot.points ?? 0,
  };
}

export function profileView(partner: Partner) {
  const { notificationChannels, ...profile } = partner;
  return { ...profile, notificationChannels: redactedChannels(notificationChannels) };
}

/** One entry of the operators' list: the profile and its version, without history or standing. */
export function listedPartnerView(record: PartnerRecord) {
  return { ...profileView(record.partner), version: record.version, updatedAt: record.updatedAt };
}

/** GET /partners/{id}: everything operators manage, with the history and the live standing. */
export function operatorPartnerView(record: PartnerRecord, standing?: StandingView) {
  return {
    ...profileView(record.partner),
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
    history: record.history,
    ...(standing ? { standing } : {}),
  };
}

/** GET /partners/me: the partner's own profile and standing; who in the office changed what stays with operators. */
export function ownPartnerView(record: PartnerRecord, standing: StandingView) {
  return { ...profileView(record.partner), version: record.version, updatedAt: record.updatedAt, standing };
}
