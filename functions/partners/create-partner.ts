import { randomUUID } from 'node:crypto';
import { Conflict, InvalidInput } from '#lib/common/domain-errors.ts';
import { createPartner, PartnerExists } from '#lib/data/partners-repository.ts';
import { channelUrlProblems } from '#lib/delivery/outbound-guard.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { logger } from '#lib/observability/logger.ts';
import { partnerSchema } from '#lib/partners/partner.ts';
import { checkPartnerAgainstDistrict, parsePartnerCreate } from '#lib/partners/partner-edits.ts';
import { newPartnerRecord } from '#lib/partners/partner-record.ts';
import { callerSubject, etagOf } from '#lib/partners/partner-requests.ts';
import { operatorPartnerView } from '#lib/partners/partner-views.ts';

const district = currentDistrict();

/** An operator registers a partner; every partner starts `applied` and is admitted through POST /partners/{id}/status. */
export async function createPartnerForOperator(event: HttpEvent) {
  const by = callerSubject(event);
  const input = parsePartnerCreate(event.jsonBody);
  const partner = partnerSchema.parse({ ...input, id: input.id ?? randomUUID(), status: 'applied' });
  const problems = [...checkPartnerAgainstDistrict(partner, district), ...(await channelUrlProblems(partner.notificationChannels))];
  if (problems.length > 0) throw new InvalidInput(problems);

  const record = newPartnerRecord(partner, { by, reason: 'registered' }, new Date());
  try {
    await createPartner(record);
  } catch (error) {
    if (error instanceof PartnerExists) throw new Conflict(`a partner with id ${partner.id} exists`, { id: partner.id });
    throw error;
  }
  logger.info('partner registered', { partnerId: partner.id, kind: partner.kind });
  return jsonResponse(201, operatorPartnerView(record), { location: `/partners/${partner.id}`, etag: etagOf(record.version) });
}

export const handler = httpHandler(createPartnerForOperator, { jsonBody: true });
