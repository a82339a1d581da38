import * as z from 'zod';
import { Conflict, NotFound } from '#lib/common/domain-errors.ts';
import { changePartner } from '#lib/data/partners-repository.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { logger } from '#lib/observability/logger.ts';
import { moveAdmission } from '#lib/partners/admission.ts';
import { admissionStatuses } from '#lib/partners/partner.ts';
import { callerSubject, etagOf, expectedVersion, partnerIdParam } from '#lib/partners/partner-requests.ts';
import { operatorPartnerView } from '#lib/partners/partner-views.ts';

const statusChangeSchema = z.strictObject({
  status: z.enum(admissionStatuses),
  reason: z.string().trim().min(1, 'say why').max(500, 'at most 500 characters'),
  version: z.number().int().min(0).optional(),
});

/**
 * An admission move (lib/partners/admission.ts), recorded in the partner's history with who and
 * why; the capability items take the new status in the same transaction, so matching sees it at
 * once. Asking for the status the partner already has changes nothing.
 */
export async function changePartnerStatus(event: HttpEvent) {
  const by = callerSubject(event);
  const id = partnerIdParam(event);
  const { status, reason, version } = parseInput(statusChangeSchema, event.jsonBody);
  const basedOn = expectedVersion(event, version);
  const result = await changePartner(id, (current) => {
    if (basedOn !== undefined && basedOn !== current.version) {
      throw new Conflict(`the partner changed since version ${basedOn}`, { version: current.version, status: current.partner.status });
    }
    return moveAdmission(current, { to: status, by, reason }, new Date());
  });
  if (!result) throw new NotFound('partner');
  if (result.changed) logger.info('partner admission changed', { partnerId: id, to: status, by });
  return jsonResponse(200, operatorPartnerView(result.record), { etag: etagOf(result.record.version) });
}

export const handler = httpHandler(changePartnerStatus, { jsonBody: true });
