import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { statusChangeSchema } from '#lib/api/request-schemas.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { callerSubject, etagOf, expectedVersion, partnerIdParam } from '#lib/partners/partner-requests.ts';
import { operatorPartnerView } from '#lib/partners/partner-views.ts';
import { changePartnerStatus } from '#lib/use-cases/change-partner-status.ts';

/**
 * An admission move (lib/partners/admission.ts) with who and why; a move out of `active` answers
 * what was taken back (`revoked`: open offers, orders given back to the cascade, orders in
 * progress passed to operators). Asking for the status the partner already has changes nothing.
 */
export async function changePartnerStatusForOperator(event: HttpEvent) {
  const by = callerSubject(event);
  const partnerId = partnerIdParam(event);
  const { status, reason, version } = parseInput(statusChangeSchema, event.jsonBody);
  const basedOn = expectedVersion(event, version);
  const { record, revoked } = await changePartnerStatus({ partnerId, status, reason, by, ...(basedOn !== undefined ? { basedOn } : {}) });
  return jsonResponse(200, { ...operatorPartnerView(record), ...(revoked ? { revoked } : {}) }, { etag: etagOf(record.version) });
}

export const handler = httpHandler(changePartnerStatusForOperator, { jsonBody: true });
