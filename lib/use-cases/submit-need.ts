/**
 * A resident's need enters the system: validated against the schema and the district's live
 * settings, written with its tracking token (and the idempotency record when the caller gave a
 * key). Shared by POST /needs and Open311's POST requests, so a need is the same whichever door
 * it came through.
 */
import { randomUUID } from 'node:crypto';
import { Conflict, InvalidInput } from '../common/domain-errors.ts';
import { createNeed, type SubmitResult } from '../data/needs-repository.ts';
import { parseInput } from '../http/validate.ts';
import { newNeed } from '../needs/need.ts';
import { checkAgainstDistrict, needSubmissionSchema } from '../needs/need-submission.ts';
import { idempotencyKeyHash, idempotencyWindowHours, submissionFingerprint } from '../needs/submit-request.ts';
import { hashTrackingToken, newTrackingToken } from '../needs/tracking-token.ts';
import { logger } from '../observability/logger.ts';
import { liveDistrict } from '../settings/live-district.ts';

export async function submitNeed(
  body: unknown,
  request: { idempotencyKey?: string; correlationId: string; now?: Date },
): Promise<{ result: SubmitResult; replayed: boolean }> {
  const now = request.now ?? new Date();
  const submission = parseInput(needSubmissionSchema, body);
  const district = await liveDistrict();
  const problems = checkAgainstDistrict(submission, district, now);
  if (problems.length > 0) throw new InvalidInput(problems);
  const keyHash = idempotencyKeyHash(request.idempotencyKey);

  const trackingToken = newTrackingToken();
  const need = newNeed(submission, {
    id: randomUUID(),
    districtId: district.id,
    trackingTokenHash: hashTrackingToken(trackingToken),
    correlationId: request.correlationId,
    now,
  });
  const result: SubmitResult = { id: need.id, trackingToken, status: 'submitted' };
  const requestHash = submissionFingerprint(submission);
  const outcome = await createNeed(
    need,
    keyHash ? { keyHash, requestHash, result, expiresAt: new Date(now.getTime() + idempotencyWindowHours * 3_600_000) } : undefined,
  );

  if (!outcome.created) {
    if (outcome.replay.requestHash !== requestHash) {
      throw new Conflict('this Idempotency-Key was already used for a different request');
    }
    logger.info('submit replayed', { needId: outcome.replay.result.id });
    return { result: outcome.replay.result, replayed: true };
  }
  logger.info('need submitted', { needId: need.id, category: need.category, communityId: need.communityId, urgency: need.urgency });
  return { result, replayed: false };
}
