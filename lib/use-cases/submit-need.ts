/**
 * A resident submits a need: validate against the district, replay a retried submit, apply the open
 * form's limits (per client, per phone number), and write the need with its idempotency record and
 * the phone's history in one transaction, deciding again when another submit for the same phone
 * landed first.
 */
import { randomUUID } from 'node:crypto';
import { now as currentTime } from '../common/clock.ts';
import { Conflict, InvalidInput, TooManyRequests } from '../common/domain-errors.ts';
import { createNeed, getIdempotencyRecord, type IdempotencyRecord, StaleWrite, type SubmitResult } from '../data/needs-repository.ts';
import { countClientRequest, districtHash, getPhoneHistory, needStatuses, phoneHistoryWrite } from '../data/submission-guards.ts';
import { getPendingCode } from '../data/phone-confirmations.ts';
import type { TransactionItems } from '../data/transactions.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { newNeed } from '../needs/need.ts';
import { checkAgainstDistrict, type NeedSubmission } from '../needs/need-submission.ts';
import { withConsentApplied } from '../needs/personal-data.ts';
import { clientWindow, decidePhoneSubmission, type PhoneDecision } from '../needs/submission-limits.ts';
import { idempotencyKeyHash, idempotencyWindowHours, sealTrackingToken, submissionFingerprint, unsealTrackingToken } from '../needs/submit-request.ts';
import { confirmationView } from '../needs/phone-confirmation.ts';
import { sealForLink } from '../needs/tracking-link.ts';
import { hashTrackingToken, newTrackingToken } from '../needs/tracking-token.ts';
import { logger } from '../observability/logger.ts';
import { trackingLinkSecret } from '../secrets/tracking-link-secret.ts';
import { type PreparedCode, phoneMustConfirm, prepareFirstCode, type Submitter } from './confirm-phone.ts';

export interface SubmitNeedRequest {
  submission: NeedSubmission;
  idempotencyKey: string | undefined;
  /** The client's address, for the per-client limit. */
  clientAddress: string;
  correlationId: string;
  /** Staff (a keyed Open311 client: the hotline, the grid workers' app) submit without the SMS code. */
  by?: Submitter;
}

export type SubmitNeedOutcome = { result: SubmitResult; replayed: boolean };

/** Another submit for the same phone can land between our read and write: read and decide again, a few times. */
const phoneRaceAttempts = 8;

export async function submitNeed(request: SubmitNeedRequest, district: DistrictConfig, now = currentTime()): Promise<SubmitNeedOutcome> {
  const { submission } = request;
  const problems = checkAgainstDistrict(submission, district, now);
  if (problems.length > 0) throw new InvalidInput(problems);
  const keyHash = idempotencyKeyHash(request.idempotencyKey);
  const requestHash = submissionFingerprint(submission);
  const limits = district.submissions;

  await admitClient(district, request.clientAddress, now);

  const phoneHash = districtHash(district.id, submission.contact.phone);
  const mustConfirm = await phoneMustConfirm(district, submission.contact.phone, request.by ?? 'public', now);
  let makeCode: ((needId: string, trackingToken: string) => PreparedCode) | undefined;
  for (let attempt = 1; ; attempt++) {
    if (keyHash && request.idempotencyKey) {
      const earlier = await getIdempotencyRecord(keyHash);
      if (earlier) return withPendingCode(replay(earlier, requestHash, request.idempotencyKey), submission.contact.phone, district, now);
    }
    const id = randomUUID();
    let guard: TransactionItems[number] | undefined;
    if (limits.perPhone) {
      const history = await getPhoneHistory(phoneHash);
      const statuses = await needStatuses(history?.entries.map((entry) => entry.needId) ?? []);
      const decision = decidePhoneSubmission(history, (needId) => statuses.get(needId), { id, ...submission }, now, limits.perPhone);
      if (!decision.allowed) throw refusal(decision, history?.entries ?? [], now);
      guard = phoneHistoryWrite(phoneHash, decision.next, now);
    }
    // Counted against the phone's codes of the day once the limits let the need in (429 past it).
    if (mustConfirm) makeCode ??= await prepareFirstCode(district, submission.contact.phone, now);

    const trackingToken = newTrackingToken();
    const code = makeCode?.(id, trackingToken);
    const { submission: kept, withheld } = withConsentApplied(submission);
    const need = newNeed(kept, {
      id,
      districtId: district.id,
      trackingTokenHash: hashTrackingToken(trackingToken),
      correlationId: request.correlationId,
      now,
      awaitingConfirmation: code !== undefined,
    });
    const result: SubmitResult = {
      id,
      trackingToken,
      status: need.status === 'awaitingConfirmation' ? 'awaitingConfirmation' : 'submitted',
      ...(withheld.length > 0 ? { withheldSpecialGroups: withheld } : {}),
      ...(code ? { confirmation: confirmationView(code.pending, submission.contact.phone, now, limits.phoneConfirmation) } : {}),
    };
    const idempotency =
      keyHash && request.idempotencyKey
        ? {
            keyHash,
            requestHash,
            result: { id, status: result.status, sealedTrackingToken: sealTrackingToken(trackingToken, request.idempotencyKey) },
            expiresAt: new Date(now.getTime() + idempotencyWindowHours * 3_600_000),
          }
        : undefined;
    const linkSecret = await linkSecretOrNone();
    try {
      const outcome = await createNeed(
        need,
        idempotency,
        guard,
        linkSecret ? sealForLink(trackingToken, linkSecret) : undefined,
        code?.puts,
      );
      if (!outcome.created) return withPendingCode(replay(outcome.replay, requestHash, request.idempotencyKey ?? ''), submission.contact.phone, district, now);
      return { result, replayed: false };
    } catch (error) {
      if (!(error instanceof StaleWrite)) throw error;
      if (attempt >= phoneRaceAttempts) {
        throw new TooManyRequests('这个手机号同时提交了好几条需求，请稍等一下再提交。', 1, 'phone_busy');
      }
      // Racing submits for one phone take turns: wait a random moment before deciding again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** Counts one public write of this client in the current minute (submits and codes share it): 429 past the limit. */
export async function admitClient(district: DistrictConfig, clientAddress: string, now: Date): Promise<void> {
  const window = clientWindow(now);
  if (!(await countClientRequest(districtHash(district.id, clientAddress), window.minute, district.submissions.clientRequestsPerMinute, now))) {
    throw new TooManyRequests(`提交太频繁了，请 ${window.secondsLeft} 秒后再试。`, window.secondsLeft, 'client_rate');
  }
}

/** A replayed need still awaiting its code answers with the code step, as the first answer did. */
async function withPendingCode(outcome: SubmitNeedOutcome, phone: string, district: DistrictConfig, now: Date): Promise<SubmitNeedOutcome> {
  if (outcome.result.status !== 'awaitingConfirmation') return outcome;
  const pending = await getPendingCode(outcome.result.id);
  if (!pending) return outcome;
  return { ...outcome, result: { ...outcome.result, confirmation: confirmationView(pending, phone, now, district.submissions.phoneConfirmation) } };
}

/**
 * The need matters more than the token in its messages' links: if the secret cannot be read now,
 * the need is kept without a sealed link (its messages link to the tracking page without the token).
 */
async function linkSecretOrNone(): Promise<string | undefined> {
  try {
    return await trackingLinkSecret();
  } catch (error) {
    logger.error('tracking-link secret not read: the need is kept without a sealed link', { error });
    return undefined;
  }
}

function replay(record: IdempotencyRecord, requestHash: string, idempotencyKey: string): SubmitNeedOutcome {
  if (record.requestHash !== requestHash) throw new Conflict('this Idempotency-Key was already used for a different request');
  const { id, status, sealedTrackingToken } = record.result;
  // The key hashed to the record's, so it is the key the token was sealed with.
  const trackingToken = unsealTrackingToken(sealedTrackingToken, idempotencyKey);
  if (trackingToken === undefined) throw new Error('an idempotency record whose token does not unseal with its own key');
  return { result: { id, trackingToken, status }, replayed: true };
}

function refusal(decision: Exclude<PhoneDecision, { allowed: true }>, entries: { createdAt: string }[], now: Date): Error {
  switch (decision.reason) {
    case 'duplicate':
      return new Conflict('这个手机号已有一条同类需求正在处理，请用当时的跟踪链接查看进度；如需补充，请联系社区。', {
        code: 'duplicate_need',
        existingNeedId: decision.existingNeedId,
      });
    case 'tooManyOpen':
      return new TooManyRequests(
        `这个手机号已有 ${decision.limit} 条需求正在处理，请等其中一条完成或取消后再提交；急事请直接联系社区。`,
        undefined,
        'phone_open_limit',
      );
    case 'dailyCap': {
      const oldest = Math.min(...entries.map((entry) => Date.parse(entry.createdAt)).filter((at) => now.getTime() - at < 86_400_000));
      const retryAfterSeconds = Math.max(60, Math.ceil((oldest + 86_400_000 - now.getTime()) / 1000));
      return new TooManyRequests(`这个手机号今天已提交 ${decision.limit} 条需求，请明天再试；急事请直接联系社区。`, retryAfterSeconds, 'phone_daily_limit');
    }
  }
}
