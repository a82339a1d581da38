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
] as const;
export type NeedStatus = (typeof needStatuses)[number];

export interface TimelineStep {
  /** The status the need entered with this step. */
  status: NeedStatus;
  at: string;
  /** Why, when the step needs one (escalation reason, cancellation reason). */
  reason?: string;
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

const cancellable: readonly NeedStatus[] = ['submitted', 'offered', 'accepted', 'escalated'];

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
  submitted: ['offered', 'escalated', 'cancelled'],
  offered: ['offered', 'accepted', 'escalated', 'cancelled'],
  accepted: ['started', 'offered', 'escalated', 'cancelled'],
  started: ['completed', 'escalated'],
  completed: ['closed'],
  escalated: ['offered', 'accepted', 'closed', 'cancelled'],
  cancelled: [],
  closed: [],
};

export function canMove(from: NeedStatus, to: NeedStatus): boolean {
  return nextStatuses[from].includes(to);
}

export function newNeed(
  submission: NeedSubmission,
  fields: { id: string; districtId: string; trackingTokenHash: string; correlationId: string; now: Date },
): Need {
  const at = fields.now.toISOString();
  return {
    ...submission,
    id: fields.id,
    districtId: fields.districtId,
    status: 'submitted',
    trackingTokenHash: fields.trackingTokenHash,
    correlationId: fields.correlationId,
    createdAt: at,
    updatedAt: at,
    version: 1,
    timeline: [{ status: 'submitted', at }],
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
  default: '暂时没有合适的服务方能接单，社区工作人员会尽快联系您。',
} as const;

/** The need passed to operators because no partner could take it (or it is not a service). */
export function escalateNeed(need: Need, escalation: Omit<Escalation, 'at'>, now: Date): Need {
  const forResident = escalation.code === 'notAService' ? residentEscalationReasons.notAService : residentEscalationReasons.default;
  const moved = moveNeed(need, 'escalated', now, forResident);
  return { ...moved, escalation: { ...escalation, at: now.toISOString() } };
}

/** The need offered to a partner: a new timeline step the first time, a quiet version bump on re-offers. */
export function offerNeed(need: Need, now: Date, availability?: Need['availability']): Need {
  const offered = need.status !== 'offered' ? moveNeed(need, 'offered', now) : { ...need, updatedAt: now.toISOString(), version: need.version + 1 };
  return availability ? { ...offered, availability } : offered;
}
