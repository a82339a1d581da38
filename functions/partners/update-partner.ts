import { isDeepStrictEqual } from 'node:util';
import { Conflict, InvalidInput, NotFound } from '#lib/common/domain-errors.ts';
import { getPartnerRecord, StalePartner, savePartner } from '#lib/data/partners-repository.ts';
import { channelUrlProblems } from '#lib/delivery/outbound-guard.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { logger } from '#lib/observability/logger.ts';
import { applyPartnerPatch, checkPartnerAgainstDistrict } from '#lib/partners/partner-edits.ts';
import { revisePartner } from '#lib/partners/partner-record.ts';
import { callerSubject, etagOf, expectedVersion, partnerIdParam } from '#lib/partners/partner-requests.ts';
import { operatorPartnerView } from '#lib/partners/partner-views.ts';

const district = currentDistrict();

/**
 * An operator edits a profile with a JSON merge patch (RFC 7396: objects merge, arrays and values
 * replace, null removes). The result must be a valid profile; capability items follow in the same
 * transaction. Based on `version` / If-Match when given (409 if the partner moved on), and always
 * conditional on the version it was applied to, so two concurrent edits never both land.
 */
export async function updatePartnerForOperator(event: HttpEvent) {
  const by = callerSubject(event);
  const id = partnerIdParam(event);
  const { version, ...patch } = event.jsonBody as Record<string, unknown>;
  if (version !== undefined && !(typeof version === 'number' && Number.isInteger(version) && version >= 0)) {
    throw new InvalidInput([{ field: 'version', code: 'invalid_type', detail: 'the version GET returned, a whole number' }]);
  }
  const basedOn = expectedVersion(event, version);

  const current = await getPartnerRecord(id);
  if (!current) throw new NotFound('partner');
  if (basedOn !== undefined && basedOn !== current.version) {
    throw new Conflict(`the partner changed since version ${basedOn}`, { version: current.version });
  }
  const partner = applyPartnerPatch(current.partner, patch);
  const problems = [...checkPartnerAgainstDistrict(partner, district), ...(await channelUrlProblems(partner.notificationChannels))];
  if (problems.length > 0) throw new InvalidInput(problems);
  if (isDeepStrictEqual(partner, current.partner))
    return jsonResponse(200, operatorPartnerView(current), { etag: etagOf(current.version) });

  const next = revisePartner(current, partner, by, new Date());
  try {
    await savePartner(next, current.version);
  } catch (error) {
    if (!(error instanceof StalePartner)) throw error;
    const latest = await getPartnerRecord(id);
    throw new Conflict(`the partner changed since version ${current.version}`, { version: latest?.version });
  }
  logger.info('partner updated', { partnerId: id, fields: Object.keys(patch), version: next.version });
  return jsonResponse(200, operatorPartnerView(next), { etag: etagOf(next.version) });
}

export const handler = httpHandler(updatePartnerForOperator, { jsonBody: true });
