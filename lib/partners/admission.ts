/**
 * Admission (准入): how a partner's status may change, and the history that records each change.
 *
 *   applied ──vet──► vetted ──activate──► active ◄──reinstate── suspended
 *      ▲               │                     └──────suspend──────►
 *      └─send back─────┘
 *
 * - applied → vetted: filing, written commitment and the six-level evaluation are done.
 * - vetted → applied: sent back (a document is missing, the evaluation must be redone).
 * - vetted → active: admitted; from now on the matcher offers it needs.
 * - active ⇄ suspended: a low grade, a complaint, or the partner's own request; and back.
 * No other move: an applicant is not suspended (it was never working) and a suspended partner
 * returns to work directly, not through vetting again. Every move needs a reason.
 */
import { Conflict } from '../common/domain-errors.ts';
import type { admissionStatuses } from './partner.ts';
import type { PartnerRecord } from './partner-record.ts';

export type AdmissionStatus = (typeof admissionStatuses)[number];

export interface AdmissionEvent {
  at: string;
  /** The operator's subject (JWT `sub`), or `import:<who>` / `seed` for bulk writes. */
  by: string;
  /** Null for the partner's first status, when it was registered. */
  from: AdmissionStatus | null;
  to: AdmissionStatus;
  reason: string;
}

export const admissionMoves: Readonly<Record<AdmissionStatus, readonly AdmissionStatus[]>> = {
  applied: ['vetted'],
  vetted: ['active', 'applied'],
  active: ['suspended'],
  suspended: ['active'],
};

export function canMoveAdmission(from: AdmissionStatus, to: AdmissionStatus): boolean {
  return admissionMoves[from].includes(to);
}

export interface AdmissionChange {
  to: AdmissionStatus;
  by: string;
  reason: string;
}

/**
 * The record after the move, with the event appended; undefined when the partner already has that
 * status (a retried request changes nothing). Throws Conflict naming the allowed moves otherwise.
 */
export function moveAdmission(record: PartnerRecord, change: AdmissionChange, now: Date): PartnerRecord | undefined {
  const from = record.partner.status;
  if (from === change.to) return undefined;
  if (!canMoveAdmission(from, change.to)) {
    throw new Conflict(`a partner that is ${from} cannot become ${change.to}`, { status: from, allowed: admissionMoves[from] });
  }
  const at = now.toISOString();
  return {
    ...record,
    partner: { ...record.partner, status: change.to },
    version: record.version + 1,
    updatedAt: at,
    updatedBy: change.by,
    history: [...record.history, { at, by: change.by, from, to: change.to, reason: change.reason }],
  };
}

/** Whether this record's write is the move that took the partner out of `active` (its last event, made with this version). */
export function leftActive(record: PartnerRecord): boolean {
  const last = record.history.at(-1);
  return last !== undefined && last.from === 'active' && last.to !== 'active' && last.at === record.updatedAt;
}
