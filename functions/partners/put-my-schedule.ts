import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod';
import { InvalidInput, NotFound } from '#lib/common/domain-errors.ts';
import { changePartner } from '#lib/data/partners-repository.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { logger } from '#lib/observability/logger.ts';
import { dutyScheduleSchema } from '#lib/partners/partner.ts';
import { checkScheduleAgainstCapabilities } from '#lib/partners/partner-edits.ts';
import { revisePartner } from '#lib/partners/partner-record.ts';
import { callerSubject, etagOf } from '#lib/partners/partner-requests.ts';

const scheduleBodySchema = z.strictObject(dutyScheduleSchema.shape);

/**
 * The calling partner replaces its duty schedule (weekly slots, dated exceptions, always
 * available). Re-applied on a concurrent edit of another field, so neither change is lost.
 */
export async function putMySchedule(event: HttpEvent) {
  const id = callerSubject(event);
  const schedule = parseInput(scheduleBodySchema, event.jsonBody);
  const result = await changePartner(id, (current) => {
    const problems = checkScheduleAgainstCapabilities(schedule, current.partner.capabilities, '');
    if (problems.length > 0) throw new InvalidInput(problems);
    if (isDeepStrictEqual(schedule, current.partner.schedule)) return undefined;
    return revisePartner(current, { ...current.partner, schedule }, id, new Date());
  });
  if (!result) throw new NotFound('partner profile for this account');
  if (result.changed) logger.info('partner schedule replaced', { partnerId: id, slots: schedule.weekly.length });
  return jsonResponse(
    200,
    { schedule: result.record.partner.schedule, version: result.record.version },
    { etag: etagOf(result.record.version) },
  );
}

export const handler = httpHandler(putMySchedule, { jsonBody: true });
