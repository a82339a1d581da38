/**
 * A partner as operators manage it: the profile (partnerSchema) with what the management routes add
 * around it. The live standing (open orders, ratings, reliability) is a separate item, changed by
 * atomic counters elsewhere, and never part of this record.
 */
import type { AdmissionEvent } from './admission.ts';
import type { Partner } from './partner.ts';

export interface PartnerRecord {
  partner: Partner;
  /** Bumped by every write of the profile; edits are conditional on the version they read. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Who wrote the profile last (operator or partner subject, `import:<who>`, `seed`). */
  updatedBy: string;
  /** Every admission status the partner has had, oldest first. */
  history: AdmissionEvent[];
}

export function newPartnerRecord(partner: Partner, registration: { by: string; reason: string }, now: Date): PartnerRecord {
  const at = now.toISOString();
  return {
    partner,
    version: 1,
    createdAt: at,
    updatedAt: at,
    updatedBy: registration.by,
    history: [{ at, by: registration.by, from: null, to: partner.status, reason: registration.reason }],
  };
}

/** The record with a new profile of the same status (admission moves go through ./admission.ts). */
export function revisePartner(record: PartnerRecord, partner: Partner, by: string, now: Date): PartnerRecord {
  if (partner.status !== record.partner.status) throw new Error('status changes go through moveAdmission');
  return { ...record, partner, version: record.version + 1, updatedAt: now.toISOString(), updatedBy: by };
}
