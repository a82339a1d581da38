import { NotFound } from '#lib/common/domain-errors.ts';
import { getPartnerRecord, getPartnerStanding } from '#lib/data/partners-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { etagOf, partnerIdParam } from '#lib/partners/partner-requests.ts';
import { operatorPartnerView, standingView } from '#lib/partners/partner-views.ts';

const district = currentDistrict();

/** An operator's view of one partner: profile, admission history, and the live standing. */
export async function getPartnerForOperator(event: HttpEvent) {
  const id = partnerIdParam(event);
  const now = new Date();
  const [record, standing] = await Promise.all([getPartnerRecord(id), getPartnerStanding(id, now)]);
  if (!record) throw new NotFound('partner');
  return jsonResponse(200, operatorPartnerView(record, standingView(standing, district.matching)), { etag: etagOf(record.version) });
}

export const handler = httpHandler(getPartnerForOperator);
