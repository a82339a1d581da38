/**
 * An operator moves a partner's admission status (lib/partners/admission.ts), recorded in its
 * history with who and why; the capability items take the new status in the same transaction, so
 * matching sees it at once. Any status but `active` then takes back the partner's open offers and
 * unfinished orders (./revoke-partner-work.ts).
 */
import { now } from '../common/clock.ts';
import { Conflict, NotFound } from '../common/domain-errors.ts';
import { changePartner } from '../data/partners-repository.ts';
import { logger } from '../observability/logger.ts';
import { type AdmissionStatus, moveAdmission } from '../partners/admission.ts';
import type { PartnerRecord } from '../partners/partner-record.ts';
import { type RevokedWork, revokePartnerWork } from './revoke-partner-work.ts';

export interface StatusChange {
  partnerId: string;
  status: AdmissionStatus;
  reason: string;
  by: string;
  /** The version the operator's change is based on, when given. */
  basedOn?: number;
}

export async function changePartnerStatus(change: StatusChange): Promise<{ record: PartnerRecord; revoked?: RevokedWork }> {
  const { partnerId, status, reason, by, basedOn } = change;
  const result = await changePartner(partnerId, (current) => {
    if (basedOn !== undefined && basedOn !== current.version) {
      throw new Conflict(`the partner changed since version ${basedOn}`, { version: current.version, status: current.partner.status });
    }
    return moveAdmission(current, { to: status, by, reason }, now());
  });
  if (!result) throw new NotFound('partner');
  if (result.changed) logger.info('partner admission changed', { partnerId, to: status, by });
  if (result.record.partner.status === 'active') return { record: result.record };
  return { record: result.record, revoked: await revokePartnerWork(partnerId) };
}
