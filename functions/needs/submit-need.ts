import { currentDistrict } from '#lib/district/current-district.ts';
import { correlationIdOf } from '#lib/http/correlation-id.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { needSubmissionSchema } from '#lib/needs/need-submission.ts';
import { idempotencyKeyHash } from '#lib/needs/submit-request.ts';
import { submitNeed } from '#lib/use-cases/resident-needs.ts';

const district = currentDistrict();

/** A resident submits a need; an Idempotency-Key replays the first answer. */
export async function submitNeedForResident(event: HttpEvent) {
  const submission = parseInput(needSubmissionSchema, event.jsonBody);
  const { result, replayed } = await submitNeed(submission, district, {
    correlationId: correlationIdOf(event),
    idempotencyKeyHash: idempotencyKeyHash(event.headers['idempotency-key']),
  });
  return jsonResponse(201, result, { location: `/needs/${result.id}`, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) });
}

export const handler = httpHandler(submitNeedForResident, { jsonBody: true });
