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
  'received',
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
}

/** Which status each status may move to. */
const nextStatuses: Record<NeedStatus, readonly NeedStatus[]> = {
  submitted: ['received', 'offered', 'escalated', 'cancelled'],
  received: ['offered', 'escalated', 'cancelled'],
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
 * The receipt acknowledgement of a new need: `undefined` when the need is already past
 * `submitted`, which is what a second delivery of the same stream record finds.
 */
export function acknowledgeReceipt(need: Need, now: Date): Need | undefined {
  return need.status === 'submitted' ? moveNeed(need, 'received', now) : undefined;
}
