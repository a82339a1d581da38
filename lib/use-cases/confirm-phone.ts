/**
 * A phone number not seen before confirms itself with a one-time SMS code before its need is
 * matched (lib/needs/phone-confirmation.ts has the rules): the submit decides whether a code is
 * needed and prepares it, the resident confirms or asks for another code with the tracking token,
 * and the watchdog closes needs never confirmed. The code is hashed under the tracking token and
 * the need's id, so the table holds nothing that gives it away.
 */
import { now as currentTime } from '../common/clock.ts';
import { Conflict, InvalidInput, TooManyRequests } from '../common/domain-errors.ts';
import { newOneTimeCode, oneTimeCodeHash, oneTimeCodeMatches } from '../common/one-time-code.ts';
import { needsInStatus } from '../data/need-lists.ts';
import { getNeed, saveNeed } from '../data/needs-repository.ts';
import {
  countForPhone,
  getPendingCode,
  isSeenPhone,
  markPhoneSeen,
  pendingCodePut,
  phoneKeyOf,
  resendPendingCode,
  savePendingCode,
  seenPhonePut,
  writeConfirmation,
} from '../data/phone-confirmations.ts';
import { textMessagePut } from '../data/text-outbox-repository.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import type { Need } from '../needs/need.ts';
import {
  afterWrongCode,
  closeUnconfirmed,
  confirmationView,
  confirmNeed,
  decideResend,
  decideTry,
  type PendingCode,
  type PhoneConfirmationSettings,
  pendingCode,
  phoneCountDay,
  triesLeft,
  unconfirmedTooLong,
} from '../needs/phone-confirmation.ts';
import { logger } from '../observability/logger.ts';
import { needOfTokenHolder } from './resident-needs.ts';
import { retryOnStaleWrite } from './retry-on-stale-write.ts';

/** Who submitted: the resident (or a public client), or staff on the resident's behalf (no code). */
export type Submitter = 'public' | 'staff';

/** The pending code lives as long as the need may still be confirmed, and a day more. */
function keepUntil(now: Date, settings: PhoneConfirmationSettings): Date {
  return new Date(now.getTime() + (settings.closeUnconfirmedAfterHours + 24) * 3_600_000);
}

/**
 * Whether this submit's phone must confirm a code: the district asks for it, the resident
 * submitted it, and the number has not been seen. A number staff entered becomes seen.
 */
export async function phoneMustConfirm(district: DistrictConfig, phone: string, by: Submitter, now: Date): Promise<boolean> {
  const limits = district.submissions;
  const phoneKey = await phoneKeyOf(district.id, phone);
  if (by === 'staff') {
    await markPhoneSeen(phoneKey, 'staff', now, limits.phoneConfirmation.seenPhoneDays);
    return false;
  }
  return limits.confirmNewPhones && !(await isSeenPhone(phoneKey, now));
}

/** Counts one more code for the phone today, or refuses (429) past the district's cap. */
async function countCode(district: DistrictConfig, phone: string, now: Date): Promise<void> {
  const settings = district.submissions.phoneConfirmation;
  const { day, secondsLeft } = phoneCountDay(now);
  if (!(await countForPhone(await phoneKeyOf(district.id, phone), 'codes', day, settings.codesPerPhonePerDay, now))) {
    throw new TooManyRequests('这个手机号今天收到的验证码太多了，请明天再试；急事请直接联系社区。', secondsLeft, 'phone_code_limit');
  }
}

export interface PreparedCode {
  pending: PendingCode;
  /** The pending code's Put and its text's (the text outbox), for the need's own transaction. */
  puts: [ReturnType<typeof pendingCodePut>, ReturnType<typeof textMessagePut>];
}

/** A first code for a new need (counted against the phone's day before the need is written). */
export async function prepareFirstCode(
  district: DistrictConfig,
  phone: string,
  now: Date,
): Promise<(needId: string, trackingToken: string) => PreparedCode> {
  await countCode(district, phone, now);
  const settings = district.submissions.phoneConfirmation;
  return (needId, trackingToken) => {
    const code = newOneTimeCode();
    const pending = pendingCode(oneTimeCodeHash(code, needId, trackingToken), undefined, now, settings);
    return { pending, puts: [pendingCodePut(needId, pending, undefined, keepUntil(now, settings)), codeText(needId, phone, code, pending, settings, now)] };
  };
}

/**
 * The code's text, queued in the text outbox in the transaction that keeps the code's hash: the
 * sender texts it a moment later and then removes it; a send that fails for good leaves the need
 * awaiting (the resident can ask again, and the watchdog closes it unconfirmed).
 */
function codeText(needId: string, phone: string, code: string, pending: PendingCode, settings: PhoneConfirmationSettings, now: Date) {
  return textMessagePut(
    {
      to: phone,
      text: `【社区服务】您的需求验证码：${code}，${settings.codeMinutes}分钟内有效。请勿告诉他人。输入验证码后，我们马上为您安排服务。`,
      purpose: 'phoneConfirmation',
      dedupeKey: `confirm:${needId}:${pending.sentAt.length}`,
      subject: needId,
    },
    now,
  );
}

function notAwaiting(need: Need): Conflict {
  return new Conflict(`the need is ${need.status}, not awaiting confirmation`, { status: need.status });
}

/** The token holder's need while it awaits its code, with its pending code (409 otherwise). */
async function awaitingCode(needId: string, token: string | undefined): Promise<{ need: Need; pending: PendingCode }> {
  const need = await needOfTokenHolder(needId, token);
  if (need.status !== 'awaitingConfirmation') throw notAwaiting(need);
  const pending = await getPendingCode(need.id);
  if (!pending) throw notAwaiting(need);
  return { need, pending };
}

/**
 * The resident types the code. Wrong: 400 naming `code` with the tries left. Used up or too many
 * for the phone today: 429. Right: the need goes on to matching and the phone is seen.
 */
export async function confirmPhone(needId: string, token: string | undefined, code: string, district: DistrictConfig): Promise<Need> {
  const settings = district.submissions.phoneConfirmation;
  const confirmed = await retryOnStaleWrite('confirming the phone', async () => {
    const at = currentTime();
    const { need, pending } = await awaitingCode(needId, token);
    const decision = decideTry(pending, at, settings);
    if (!decision.allowed) {
      if (decision.reason === 'expired')
        throw new InvalidInput([{ field: 'code', code: 'expired', detail: '验证码已过期，请点“重新发送验证码”。' }]);
      throw new TooManyRequests('验证码输错次数太多，请点“重新发送验证码”获取新的验证码。', undefined, 'code_tries_used');
    }
    const phoneKey = await phoneKeyOf(district.id, need.contact.phone);
    const { day, secondsLeft } = phoneCountDay(at);
    if (!(await countForPhone(phoneKey, 'tries', day, settings.triesPerPhonePerDay, at))) {
      throw new TooManyRequests('这个手机号今天试验证码的次数太多了，请明天再试；急事请直接联系社区。', secondsLeft, 'phone_tries_limit');
    }
    if (!oneTimeCodeMatches(code, need.id, token ?? '', pending.codeHash)) {
      const next = afterWrongCode(pending);
      await savePendingCode(need.id, next, pending, keepUntil(at, settings));
      const left = triesLeft(next, settings);
      throw new InvalidInput([
        {
          field: 'code',
          code: 'mismatch',
          detail: left > 0 ? `验证码不对，还可以再试 ${left} 次。` : '验证码不对，这个验证码已不能再用，请点“重新发送验证码”。',
        },
      ]);
    }
    const moved = confirmNeed(need, at);
    await writeConfirmation(moved, need.version, pending, seenPhonePut(phoneKey, 'code', at, settings.seenPhoneDays));
    return moved;
  });
  // Matched from the stream (topology's needBackToMatching), as a new need is: the resident is not
  // kept waiting for the cascade, and the watchdog catches a need left submitted.
  logger.info('phone confirmed', { needId: confirmed.id });
  return confirmed;
}

/** Another code, after the cool-down and within the need's and the phone's limits (429 otherwise). */
export async function resendCode(needId: string, token: string | undefined, district: DistrictConfig) {
  const settings = district.submissions.phoneConfirmation;
  return retryOnStaleWrite('sending another code', async () => {
    const at = currentTime();
    const { need, pending } = await awaitingCode(needId, token);
    const decision = decideResend(pending, at, settings);
    if (!decision.allowed) {
      if (decision.reason === 'coolDown') {
        throw new TooManyRequests(
          `验证码刚发出，请 ${decision.retryAfterSeconds} 秒后再重新发送。`,
          decision.retryAfterSeconds,
          'code_cool_down',
        );
      }
      throw new TooManyRequests(
        '这条需求的验证码已发送多次，不能再发了；请直接联系社区，工作人员可以帮您确认。',
        undefined,
        'code_resends_used',
      );
    }
    await countCode(district, need.contact.phone, at);
    const code = newOneTimeCode();
    const next = pendingCode(oneTimeCodeHash(code, need.id, token ?? ''), pending, at, settings);
    await resendPendingCode(need.id, next, pending, keepUntil(at, settings), codeText(need.id, need.contact.phone, code, next, settings, at));
    return { need, confirmation: confirmationView(next, need.contact.phone, at, settings) };
  });
}

const closedPerRun = 50;

/** The watchdog's part: needs never confirmed within the district's limit are closed with the reason. */
export async function closeUnconfirmedNeeds(district: DistrictConfig, at: Date): Promise<number> {
  const settings = district.submissions.phoneConfirmation;
  const createdBefore = new Date(at.getTime() - settings.closeUnconfirmedAfterHours * 3_600_000).toISOString();
  let closed = 0;
  for (const candidate of await needsInStatus('awaitingConfirmation', createdBefore, closedPerRun)) {
    const moved = await retryOnStaleWrite('closing an unconfirmed need', async () => {
      const need = await getNeed(candidate.id);
      if (!need || !unconfirmedTooLong(need, at, settings)) return false;
      await saveNeed(closeUnconfirmed(need, at), need.version);
      return true;
    });
    if (moved) closed++;
  }
  return closed;
}
