import { NotFound } from '#lib/common/domain-errors.ts';
import { getPartnerRecord, getPartnerStanding } from '#lib/data/partners-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { partnerIdOf } from '#lib/http/partner-orders.ts';
import { etagOf } from '#lib/partners/partner-requests.ts';
import { ownPartnerView, standingView } from '#lib/partners/partner-views.ts';

const district = currentDistrict();

/** The calling partner (through its identity link) sees its profile, reputation, grade and points. */
export async function getMyProfile(event: HttpEvent) {
  const id = await partnerIdOf(event);
  const [record, standing] = await Promise.all([getPartnerRecord(id), getPartnerStanding(id, new Date())]);
  if (!record) throw new NotFound('partner profile for this account');
  return jsonResponse(200, ownPartnerView(record, standingView(standing, district.matching)), { etag: etagOf(record.version) });
}

export const handler = httpHandler(getMyProfile);
