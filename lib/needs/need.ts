/**
 * A resident's need and its lifecycle. Every change is a step appended to the timeline together
 * with the new status, computed here from the current record; persistence writes it only if the
 * record's version is still the one read (optimistic locking), so a duplicate stream delivery or a
 * retried request finds the step already taken and changes nothing.
 */
import { Conflict } from '../common/domain-errors.ts';
import type { NeedSubmission } from './need-submission.ts';

export const needStatuses = [
  'submitted',
  'offered',
  'accepted',
  'started',
  'completed',
  'escalated',
  'cancelled',
  'closed',
  /** Every partner that could serve it is full: it waits in a queue until a place frees up. */
  'waiting',
  /** Operators passed it to a co-building unit (社区吹哨、部门报到) and wait for its answer. */
  'referred',
  /** Saved, from a phone number not seen before: matched once the phone confirms an SMS code (./phone-confirmation.ts). */
  'awaitingConfirmation',
] as const;
export type NeedStatus = (typeof needStatuses)[number];

export interface TimelineStep {
  /** The status the need entered with this step. */
  status: NeedStatus;
  at: string;
  /** Why, when the step needs one (escalation reason, cancellation reason), in the resident's words. */
  reason?: string;
  /** An operator's action (assign, redispatch, refer, close…), who did it and their note. */
  action?: string;
  by?: string;
  note?: string;
  /** Fingerprint of the operator's request, so a retried request is recognised and answered again. */
  requestHash?: string;
}

export interface Need extends NeedSubmission {
  id: string;
  districtId: string;
  status: NeedStatus;
  trackingTokenHash: string;
  correlationId: string;
  createdAt: string;
  updatedAt: string;
  /** Incremented by every change; writes are conditional on it. */
  version: number;
  timeline: TimelineStep[];
  /** The partner who accepted the order (the order id is the need id). */
  assignedPartner?: { id: string; name: { zh: string; en?: string } };
  rating?: { stars: number; comment?: string; tags: string[]; at: string };
  /** Why the need went to operators (吹哨), as the matcher worded it. */
  escalation?: Escalation;
  /** When the offered partner can come, in the resident's words (from the matcher's explanation). */
  availability?: { zh: string; en: string };
  /** The live offer's deadline: the partner answers by then at the latest. */
  answerBy?: string;
  /** While waiting for a free partner: since when, why, and the queue it waits in. */
  waiting?: { since: string; queue: string; reason: { zh: string; en: string } };
  /** Offers made before an operator sent the need back into the cascade: they do not count towards maxAttempts. */
  attemptsBeforeRedispatch?: number;
  referral?: { unitId: string; unitName: string; note?: string; by: string; at: string; reply?: { outcome: string; note?: string; by: string; at: string } };
  closure?: { outcome: string; note?: string; by: string; at: string };
  /** Set when the watchdog flagged the need for sitting too long in this status (alerted once per status). */
  watchdog?: { status: NeedStatus; flaggedAt: string };
  /** Set when contact, address and free text were removed (lib/needs/personal-data.ts). */
  personalDataRemovedAt?: string;
}

export interface Escalation {
  code: string;
  message: { zh: string; en: string };
  at: string;
  /** The matcher's counts of partners each constraint rejected, for operators. */
  rejectedByConstraint?: Record<string, number>;
  emptiedBy?: string;
}

/** Days after completion during which the resident may rate the order. */
export const ratingWindowDays = 14;

const cancellable: readonly NeedStatus[] = ['awaitingConfirmation', 'submitted', 'offered', 'accepted', 'escalated', 'waiting', 'referred'];

export function canCancel(need: Need): boolean {
  return cancellable.includes(need.status);
}

export function completedAt(need: Need): Date | undefined {
  const step = need.timeline.findLast((entry) => entry.status === 'completed');
  return step ? new Date(step.at) : undefined;
}

export function canRate(need: Need, now: Date): boolean {
  const completed = completedAt(need);
  return need.status === 'completed' && !need.rating && completed !== undefined && now.getTime() - completed.getTime() <= ratingWindowDays * 86_400_000;
}

/** The resident withdraws the need; refused once the partner has started. */
export function cancelNeed(need: Need, now: Date, reason?: string): Need {
  if (!canCancel(need)) throw new Conflict(`a need that is ${need.status} can no longer be cancelled`, { status: need.status });
  return moveNeed(need, 'cancelled', now, reason);
}

/** A need's id is a random UUID; anything else is not a need (and is answered as unknown). */
export function isNeedId(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
}

/** Which status each status may move to. */
const nextStatuses: Record<NeedStatus, readonly NeedStatus[]> = {
  submitted: ['offered', 'escalated', 'waiting', 'cancelled', 'closed'],
  offered: ['offered', 'accepted', 'escalated', 'waiting', 'cancelled', 'closed'],
  accepted: ['started', 'offered', 'escalated', 'waiting', 'cancelled'],
  started: ['completed', 'escalated'],
  completed: ['closed'],
  escalated: ['submitted', 'offered', 'accepted', 'referred', 'closed', 'cancelled'],
  waiting: ['offered', 'escalated', 'waiting', 'submitted', 'referred', 'closed', 'cancelled'],
  referred: ['submitted', 'offered', 'closed', 'cancelled'],
  awaitingConfirmation: ['submitted', 'cancelled', 'closed'],
  cancelled: [],
  closed: [],
};

export function canMove(from: NeedStatus, to: NeedStatus): boolean {
  return nextStatuses[from].includes(to);
}

export function newNeed(
  submission: NeedSubmission,
  fields: { id: string; districtId: string; trackingTokenHash: string; correlationId: string; now: Date; awaitingConfirmation?: boolean },
): Need {
  const at = fields.now.toISOString();
  const status: NeedStatus = fields.awaitingConfirmation ? 'awaitingConfirmation' : 'submitted';
  return {
    ...submission,
    id: fields.id,
    districtId: fields.districtId,
    status,
    trackingTokenHash: fields.trackingTokenHash,
    correlationId: fields.correlationId,
    createdAt: at,
    updatedAt: at,
    version: 1,
    timeline: [{ status, at }],
  };
}

/** The need after moving to `status`; throws Conflict when the lifecycle does not allow it. */
export function moveNeed(need: Need, status: NeedStatus, now: Date, reason?: string): Need {
  if (!canMove(need.status, status)) {
    throw new Conflict(`a need that is ${need.status} cannot become ${status}`, { status: need.status });
  }
  const at = now.toISOString();
  const step: TimelineStep = reason ? { status, at, reason } : { status, at };
  return { ...need, status, updatedAt: at, version: need.version + 1, timeline: [...need.timeline, step] };
}

/**
 * What the resident reads in the timeline: plain words, and nothing of how matching works. The
 * operators' reason, with the constraint counts, stays in `escalation.message`.
 */
export const residentEscalationReasons = {
  notAService: '这件事已转给社区工作人员，他们会联系相关部门处理。',
  partnerNotActive: '原定的服务方已暂停服务，社区工作人员会尽快联系您，核实服务情况并安排后续。',
  default: '暂时没有合适的服务方能接单，社区工作人员会尽快联系您。',
} as const;

/** The need passed to operators because no partner could take it (or it is not a service). */
export function escalateNeed(need: Need, escalation: Omit<Escalation, 'at'>, now: Date): Need {
  const forResident =
    escalation.code === 'notAService' || escalation.code === 'partnerNotActive' ? residentEscalationReasons[escalation.code] : residentEscalationReasons.default;
  const { waiting, answerBy, ...rest } = need;
  const moved = moveNeed(rest, 'escalated', now, forResident);
  return { ...moved, escalation: { ...escalation, at: now.toISOString() } };
}

/** The need offered to a partner: a new timeline step the first time, a quiet version bump on re-offers. */
export function offerNeed(need: Need, now: Date, availability?: Need['availability'], answerBy?: string): Need {
  const { waiting, ...rest } = need;
  const offered = rest.status !== 'offered' ? moveNeed(rest, 'offered', now) : { ...rest, updatedAt: now.toISOString(), version: rest.version + 1 };
  return { ...offered, ...(availability ? { availability } : {}), ...(answerBy ? { answerBy } : {}) };
}

export const residentWaitingReason = '能提供这项服务的合伙人目前都已满额，您的需求正在排队，一有空位会马上为您安排。';

/**
 * The need waits for a free partner: every partner that could serve it is at capacity. A need
 * already waiting keeps its place (a quiet version bump), so a re-check does not requeue it.
 */
export function waitNeed(need: Need, queue: string, reason: { zh: string; en: string }, now: Date): Need {
  if (need.status === 'waiting' && need.waiting) return { ...need, updatedAt: now.toISOString(), version: need.version + 1 };
  const { answerBy, ...rest } = need;
  const moved = moveNeed(rest, 'waiting', now, residentWaitingReason);
  return { ...moved, waiting: { since: now.toISOString(), queue, reason } };
}
