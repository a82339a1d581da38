import { randomUUID } from 'node:crypto';
import { Conflict, InvalidInput } from '#lib/common/domain-errors.ts';
import { createNeed, type SubmitResult } from '#lib/data/needs-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { correlationIdOf } from '#lib/http/correlation-id.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { newNeed } from '#lib/needs/need.ts';
import { checkAgainstDistrict, needSubmissionSchema } from '#lib/needs/need-submission.ts';
import {
  idempotencyKeyHash,
  idempotencyWindowHours,
  sealTrackingToken,
  submissionFingerprint,
  unsealTrackingToken,
} from '#lib/needs/submit-request.ts';
import { hashTrackingToken, newTrackingToken } from '#lib/needs/tracking-token.ts';
import { logger } from '#lib/observability/logger.ts';

const district = currentDistrict();

export async function submitNeed(event: HttpEvent) {
  const now = new Date();
  const submission = parseInput(needSubmissionSchema, event.jsonBody);
  const problems = checkAgainstDistrict(submission, district, now);
  if (problems.length > 0) throw new InvalidInput(problems);
  const idempotencyKey = event.headers['idempotency-key'];
  const keyHash = idempotencyKeyHash(idempotencyKey);

  const trackingToken = newTrackingToken();
  const need = newNeed(submission, {
    id: randomUUID(),
    districtId: district.id,
    trackingTokenHash: hashTrackingToken(trackingToken),
    correlationId: correlationIdOf(event),
    now,
  });
  const result: SubmitResult = { id: need.id, trackingToken, status: 'submitted' };
  const requestHash = submissionFingerprint(submission);
  const stored = (key: string) => ({ id: need.id, status: result.status, sealedTrackingToken: sealTrackingToken(trackingToken, key) });
  const outcome = await createNeed(
    need,
    keyHash && idempotencyKey
      ? { keyHash, requestHash, result: stored(idempotencyKey), expiresAt: new Date(now.getTime() + idempotencyWindowHours * 3_600_000) }
      : undefined,
  );

  if (!outcome.created) {
    if (outcome.replay.requestHash !== requestHash) {
      throw new Conflict('this Idempotency-Key was already used for a different request');
    }
    const { id, status, sealedTrackingToken } = outcome.replay.result;
    // The key hashed to the record's, so it is the key the token was sealed with.
    const replayedToken = unsealTrackingToken(sealedTrackingToken, idempotencyKey ?? '');
    if (replayedToken === undefined) throw new Error('an idempotency record whose token does not unseal with its own key');
    logger.info('submit replayed', { needId: id });
    return jsonResponse(201, { id, trackingToken: replayedToken, status } satisfies SubmitResult, {
      location: `/needs/${id}`,
      'idempotent-replayed': 'true',
    });
  }
  logger.info('need submitted', { needId: need.id, category: need.category, communityId: need.communityId, urgency: need.urgency });
  return jsonResponse(201, result, { location: `/needs/${need.id}` });
}

export const handler = httpHandler(submitNeed, { jsonBody: true });
