import { z } from 'zod';
import { changeNeed } from '#lib/data/needs-repository.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { needForResident } from '#lib/http/resident-need.ts';
import { parseInput } from '#lib/http/validate.ts';
import { cancelNeed } from '#lib/needs/need.ts';
import { residentView } from '#lib/needs/need-views.ts';

const cancelSchema = z.strictObject({ reason: z.string().trim().min(1).max(200, 'at most 200 characters').optional() });

export async function cancelNeedForResident(event: HttpEvent) {
  const { reason } = parseInput(cancelSchema, event.jsonBody ?? {});
  const need = await needForResident(event);
  const now = new Date();
  const cancelled = await changeNeed(need.id, (current) => (current.status === 'cancelled' ? undefined : cancelNeed(current, now, reason)), need);
  return jsonResponse(200, residentView(cancelled ?? need, now));
}

export const handler = httpHandler(cancelNeedForResident, { jsonBody: 'optional' });
