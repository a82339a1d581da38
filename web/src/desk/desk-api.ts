/** The operator routes the desk calls (lib/topology/topology.ts, `access: 'operators'`), with the operator's token. */
import type { Catalog } from '../api.ts';
import { staffCall } from '../staff-auth/staff-call.ts';
import { type AppConfig, accessToken } from './session.ts';

type Localized = { zh: string; en?: string };

export interface DeskItem {
  id: string;
  status: string;
  category: string;
  communityId: string;
  gridId?: string;
  urgency?: string;
  specialGroups: string[];
  description?: string;
  createdAt: string;
  ageMinutes: number;
  reason?: Localized;
}

export interface FollowUp {
  needId: string;
  partnerId: string;
  stars: number;
  comment?: string;
  tags?: string[];
  openedAt: string;
  /** What the need was (absent only if the need is gone). */
  need?: {
    category: string;
    communityId: string;
    gridId?: string;
    specialGroups: string[];
    partner?: { id: string; name: { zh: string; en?: string } };
  };
}

export interface Explanation {
  score: number;
  constraints: Array<{ name: string; reason: string }>;
  terms: Array<{ name: string; grade: number; weight: number; contribution: number; detail: string }>;
  leadingTerms: string[];
  candidates: { considered: number; eligible: number };
  rejectedByConstraint: Record<string, number>;
  runnerUps: Array<{ partnerId: string; score: number }>;
  assignedBy?: { by: string; note?: string; override?: { reason: string; constraints: string[] } };
}

export interface OfferOfNeed {
  id: string;
  attempt: number;
  partnerId: string;
  status: string;
  createdAt: string;
  expiresAt: string;
  closedAt?: string;
  closeReason?: string;
  explanation: Explanation;
  shortReason: Localized;
}

export interface NeedForOperator {
  id: string;
  status: string;
  category: string;
  communityId: string;
  gridId?: string;
  address?: string;
  description?: string;
  preferredWindow?: { from: string; to: string };
  urgency?: string;
  specialGroups: string[];
  contact?: { name: string; phone: string };
  createdAt: string;
  timeline: Array<{ status: string; at: string; reason?: string; action?: string; by?: string }>;
  assignedPartner?: { id: string; name: Localized };
  escalation?: { code: string; message: Localized; rejectedByConstraint?: Record<string, number> };
  waiting?: { reason: Localized };
  referral?: { unitId: string; unitName: string };
  closure?: { outcome: string; note?: string };
  personalDataRemovedAt?: string;
  offers: OfferOfNeed[];
}

export interface PartnerChoice {
  id: string;
  name: Localized;
  status: string;
}

export interface Unit {
  id: string;
  name: string;
  topics?: string[];
}

export interface ReportRow {
  category: string;
  communityId?: string;
  demand: { needs: number; offered: number; served: number; completed: number; unmet: number; cancelled: number };
  supply: { partners: number; capacity: number; freeOrLowCost: number };
  gap: { unmetShare: number; recruit: boolean };
}

export interface SupplyDemandReport {
  period: { from: string; to: string };
  cells: ReportRow[];
  byCategory: ReportRow[];
  recruit: Array<{ category: string; communityId: string; why: string }>;
}

/** A partner as operators see it (lib/partners/partner-views.ts): listed, or on its page with history and standing. */
export interface PartnerSummary {
  id: string;
  kind: string;
  name: Localized;
  status: string;
  capabilities: Array<{ category: string; skillLevel: number }>;
  serviceArea: { communities: string[]; grids: string[]; radiusKm?: number };
  capacity: number;
  priceMode: string;
  homeVisits: boolean;
  version: number;
  updatedAt: string;
}

export interface PartnerForOperator extends PartnerSummary {
  contact: { name: string; phone: string };
  schedule: { alwaysAvailable: boolean; weekly: Array<{ day: number; from: string; to: string }> };
  createdAt: string;
  history: Array<{ at: string; by: string; from: string | null; to: string; reason: string }>;
  standing?: {
    openOrders: number;
    reputation: { mean?: number; count: number };
    grade: { level: number; name: Localized; score: number };
    points: number;
  };
}

export interface PartnerLoginAnswer {
  partnerId: string;
  phone: string;
  issuer: string;
  subject: string;
}

export interface Delivery {
  notificationId: string;
  channelType: string;
  channel: string;
  event: string;
  status: string;
  attempts: number;
  lastError?: string;
  lastStatusCode?: number;
  reason?: string;
  queuedAt?: string;
  lastAttemptAt?: string;
  deliveredAt?: string;
}

export type PartnerFilters = Partial<Record<'status' | 'category' | 'communityId', string>>;

export type NeedFilters = Partial<Record<'status' | 'communityId' | 'category' | 'from' | 'to' | 'order', string>>;

function query(parameters: Record<string, string | undefined>): string {
  const present = Object.entries(parameters).filter((entry): entry is [string, string] => !!entry[1]);
  return present.length ? `?${new URLSearchParams(present).toString()}` : '';
}

export function deskApi(config: AppConfig) {
  const call = staffCall(config, () => accessToken(config));
  const id = encodeURIComponent;
  return {
    catalog: () => call<Catalog>('GET', '/catalog'),
    escalations: (cursor?: string) => call<{ needs: DeskItem[]; cursor?: string }>('GET', `/escalations${query({ limit: '25', cursor })}`),
    followUps: (cursor?: string) => call<{ followUps: FollowUp[]; cursor?: string }>('GET', `/follow-ups${query({ limit: '25', cursor })}`),
    needs: (filters: NeedFilters, cursor?: string) =>
      call<{ items: DeskItem[]; cursor?: string }>('GET', `/needs${query({ ...filters, limit: '25', cursor })}`),
    need: (needId: string) => call<NeedForOperator>('GET', `/needs/${id(needId)}/offers`),
    partners: (category: string) =>
      call<{ items: PartnerChoice[] }>('GET', `/partners${query({ status: 'active', category, limit: '100' })}`),
    partnerList: (filters: PartnerFilters, cursor?: string) =>
      call<{ items: PartnerSummary[]; cursor?: string }>('GET', `/partners${query({ ...filters, limit: '25', cursor })}`),
    partner: (partnerId: string) => call<PartnerForOperator>('GET', `/partners/${id(partnerId)}`),
    changePartnerStatus: (partnerId: string, body: { status: string; reason: string; version: number }) =>
      call<PartnerForOperator & { revoked?: { offers: string[]; reoffered: string[]; escalated: string[] } }>(
        'POST',
        `/partners/${id(partnerId)}/status`,
        body,
      ),
    givePartnerLogin: (partnerId: string, body: { phone: string; subject?: string }) =>
      call<PartnerLoginAnswer>('POST', `/partners/${id(partnerId)}/login`, body),
    deliveries: (partnerId: string) => call<{ deliveries: Delivery[] }>('GET', `/partners/${id(partnerId)}/deliveries`),
    units: () => call<{ items: Unit[] }>('GET', '/units?limit=100'),
    assign: (needId: string, body: { partnerId: string; note?: string; override?: boolean; reason?: string }) =>
      call<NeedForOperator>('POST', `/needs/${id(needId)}/assign`, body),
    redispatch: (needId: string, body: { note?: string }) => call<NeedForOperator>('POST', `/needs/${id(needId)}/redispatch`, body),
    refer: (needId: string, body: { unitId: string; note?: string }) => call<NeedForOperator>('POST', `/needs/${id(needId)}/refer`, body),
    referralReply: (needId: string, body: { outcome: string; note?: string }) =>
      call<NeedForOperator>('POST', `/needs/${id(needId)}/referral-reply`, body),
    close: (needId: string, body: { outcome: string; note?: string }) => call<NeedForOperator>('POST', `/needs/${id(needId)}/close`, body),
    closeFollowUp: (needId: string, body: { outcome: string; note?: string }) =>
      call<unknown>('POST', `/follow-ups/${id(needId)}/close`, body),
    supplyDemand: (period: { from?: string; to?: string }) => call<SupplyDemandReport>('GET', `/reports/supply-demand${query(period)}`),
  };
}

export type DeskApi = ReturnType<typeof deskApi>;
