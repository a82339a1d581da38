import { describe, expect, it } from 'vitest';
import { Conflict } from '#lib/common/domain-errors.ts';
import { loadDistrictFiles } from '#lib/district/district-files.ts';
import { canCancel, newNeed } from '#lib/needs/need.ts';
import { closeOutcomeWords } from '#lib/needs/operator-actions.ts';
import {
  afterWrongCode,
  closeUnconfirmed,
  confirmationView,
  confirmNeed,
  decideResend,
  decideTry,
  maskPhone,
  pendingCode,
  phoneConfirmationSchema,
  phoneCountDay,
  residentConfirmationWords,
  triesLeft,
  unconfirmedTooLong,
} from '#lib/needs/phone-confirmation.ts';
import { district } from './need-fixtures.ts';

/** Built in each test (not at module level), so that mutation testing can tell which tests reach which code. */
const defaults = () => phoneConfirmationSchema.parse({});
const at = new Date('2026-11-24T02:00:00Z');
const seconds = (n: number) => new Date(at.getTime() + n * 1000);
const firstCode = () => pendingCode('hash-1', undefined, at, defaults());

const awaiting = () =>
  newNeed(
    { category: 'repairs', description: '水管漏水', communityId: 'hehua', urgency: 'normal', specialGroups: [], contact: { name: '赵奶奶', phone: '13700137000' } },
    { id: '00000000-0000-4000-8000-000000000001', districtId: 'test', trackingTokenHash: 'x', correlationId: 'c', now: at, awaitingConfirmation: true },
  );

describe('the district settings of the SMS code', () => {
  it('default to 10-minute codes, 5 tries, 4 codes a need, a minute between codes, closing after a day', () => {
    expect(defaults()).toEqual({
      codeMinutes: 10,
      triesPerCode: 5,
      codesPerNeed: 4,
      resendAfterSeconds: 60,
      codesPerPhonePerDay: 10,
      triesPerPhonePerDay: 30,
      closeUnconfirmedAfterHours: 24,
      seenPhoneDays: 365,
    });
  });

  it('are on in every district unless its file turns them off', () => {
    expect(district.submissions.confirmNewPhones).toBe(true);
    expect(district.submissions.phoneConfirmation).toEqual(defaults());
  });

  it('are on in every district file the project deploys and `npm start` runs', () => {
    const files = loadDistrictFiles();
    expect(files.map((file) => file.id)).toContain('demo');
    for (const file of files) expect(file.submissions.confirmNewPhones, file.id).toBe(true);
  });

  it('refuse unbounded values', () => {
    expect(phoneConfirmationSchema.safeParse({ codesPerNeed: 1000 }).success).toBe(false);
    expect(phoneConfirmationSchema.safeParse({ codeMinutes: 0 }).success).toBe(false);
    expect(phoneConfirmationSchema.safeParse({ closeUnconfirmedAfterHours: 24 * 15 }).success).toBe(false);
  });
});

describe('a code expires', () => {
  it(`after codeMinutes: tried at the last second, refused at the deadline`, () => {
    expect(firstCode().expiresAt).toBe(seconds(600).toISOString());
    expect(decideTry(firstCode(), seconds(599), defaults())).toEqual({ allowed: true });
    expect(decideTry(firstCode(), seconds(600), defaults())).toEqual({ allowed: false, reason: 'expired' });
  });
});

describe('tries of one code', () => {
  it('count down with each wrong code and stop at triesPerCode', () => {
    let pending = firstCode();
    for (let wrong = 1; wrong <= defaults().triesPerCode; wrong++) {
      expect(decideTry(pending, seconds(10), defaults()).allowed).toBe(true);
      pending = afterWrongCode(pending);
      expect(triesLeft(pending, defaults())).toBe(defaults().triesPerCode - wrong);
    }
    expect(decideTry(pending, seconds(10), defaults())).toEqual({ allowed: false, reason: 'triesUsed' });
  });

  it('start again with a new code', () => {
    const used = afterWrongCode(afterWrongCode(firstCode()));
    const next = pendingCode('hash-2', used, seconds(120), defaults());
    expect(next.tries).toBe(0);
    expect(next.sentAt).toEqual([at.toISOString(), seconds(120).toISOString()]);
    expect(next.expiresAt).toBe(seconds(720).toISOString());
  });
});

describe('another code', () => {
  it('waits for the cool-down, saying how many seconds are left', () => {
    expect(decideResend(firstCode(), seconds(1), defaults())).toEqual({ allowed: false, reason: 'coolDown', retryAfterSeconds: 59 });
    expect(decideResend(firstCode(), seconds(59.5), defaults())).toEqual({ allowed: false, reason: 'coolDown', retryAfterSeconds: 1 });
    expect(decideResend(firstCode(), seconds(60), defaults())).toEqual({ allowed: true });
  });

  it('is refused once the need had codesPerNeed codes, however long it waits', () => {
    let pending = firstCode();
    for (let sent = 2; sent <= defaults().codesPerNeed; sent++) pending = pendingCode(`hash-${sent}`, pending, seconds(sent * 100), defaults());
    expect(pending.sentAt).toHaveLength(defaults().codesPerNeed);
    expect(decideResend(pending, seconds(100_000), defaults())).toEqual({ allowed: false, reason: 'codesUsed' });
  });
});

describe('what the form shows', () => {
  it('masks the number and says the tries, codes and wait left', () => {
    expect(confirmationView(firstCode(), '13700137000', seconds(20), defaults())).toEqual({
      sentTo: '137****7000',
      expiresAt: seconds(600).toISOString(),
      triesLeft: 5,
      codesLeft: 3,
      resendAfterSeconds: 40,
    });
    expect(confirmationView(firstCode(), '13700137000', seconds(61), defaults()).resendAfterSeconds).toBe(0);
    expect(maskPhone('123')).toBe('****');
  });

  it('names no number once the contact was removed, and no wait once every code was sent', () => {
    let pending = firstCode();
    for (let sent = 2; sent <= defaults().codesPerNeed; sent++) pending = pendingCode(`hash-${sent}`, pending, seconds(sent * 100), defaults());
    expect(confirmationView(pending, '', seconds(1000), defaults())).toEqual({
      sentTo: undefined,
      expiresAt: seconds(defaults().codesPerNeed * 100 + 600).toISOString(),
      triesLeft: 5,
      codesLeft: 0,
      resendAfterSeconds: undefined,
    });
  });

  it('never shows a whole number, however short', () => {
    for (let length = 0; length <= 11; length++) {
      const number = '13700137000'.slice(0, length);
      const masked = maskPhone(number);
      expect(masked, number).toContain('****');
      // At least one digit hidden (3 shown in front and 4 at the end would be all of a 7-digit number).
      expect(masked.replaceAll('*', '').length, number).toBeLessThan(Math.max(1, length));
    }
  });
});

describe('the codes kept for a need', () => {
  it('are bounded by codesPerNeed, keeping the latest, even when a caller asks for more', () => {
    const settings = phoneConfirmationSchema.parse({ codesPerNeed: 2 });
    let pending = pendingCode('hash-1', undefined, at, settings);
    for (let sent = 2; sent <= 5; sent++) pending = pendingCode(`hash-${sent}`, pending, seconds(sent * 100), settings);
    expect(pending.sentAt).toEqual([seconds(400).toISOString(), seconds(500).toISOString()]);
    expect(pending.codeHash).toBe('hash-5');
  });

  it('leave no tries or codes (never a negative count) after the district lowers its limits', () => {
    const lowered = phoneConfirmationSchema.parse({ triesPerCode: 1, codesPerNeed: 1 });
    const pending = afterWrongCode(afterWrongCode(pendingCode('hash-2', firstCode(), seconds(120), defaults())));
    expect(confirmationView(pending, '13700137000', seconds(130), lowered)).toMatchObject({ triesLeft: 0, codesLeft: 0 });
    expect(decideTry(pending, seconds(130), lowered)).toEqual({ allowed: false, reason: 'triesUsed' });
  });
});

describe('a need awaiting its code', () => {
  it('starts awaitingConfirmation, can be cancelled, and is matched only once confirmed', () => {
    const need = awaiting();
    expect(need.status).toBe('awaitingConfirmation');
    expect(need.timeline).toEqual([{ status: 'awaitingConfirmation', at: at.toISOString() }]);
    expect(canCancel(need)).toBe(true);
    const confirmed = confirmNeed(need, seconds(30));
    expect(confirmed.status).toBe('submitted');
    expect(confirmed.timeline.at(-1)).toEqual({ status: 'submitted', at: seconds(30).toISOString(), reason: residentConfirmationWords.confirmed });
    expect(() => confirmNeed(confirmed, seconds(31))).toThrow(Conflict);
  });

  it('is closed with a plain reason only after closeUnconfirmedAfterHours', () => {
    const need = awaiting();
    expect(unconfirmedTooLong(need, seconds(24 * 3600), defaults())).toBe(false);
    expect(unconfirmedTooLong(need, seconds(24 * 3600 + 1), defaults())).toBe(true);
    expect(unconfirmedTooLong(confirmNeed(need, seconds(30)), seconds(48 * 3600), defaults())).toBe(false);
    const closed = closeUnconfirmed(need, seconds(24 * 3600 + 1));
    expect(closed.status).toBe('closed');
    expect(closed.closure).toEqual({ outcome: 'phoneNotConfirmed', by: 'system', at: seconds(24 * 3600 + 1).toISOString() });
    expect(closed.timeline.at(-1)?.reason).toBe(residentConfirmationWords.closed);
    expect(closeOutcomeWords('phoneNotConfirmed')).toEqual({
      zh: residentConfirmationWords.closed,
      en: 'The phone number was never confirmed; submit it again if you still need help.',
    });
  });
});

describe('a phone is counted per UTC day', () => {
  it('with the seconds until the next day', () => {
    expect(phoneCountDay(new Date('2026-11-24T23:59:30Z'))).toEqual({ day: '2026-11-24', secondsLeft: 30 });
    expect(phoneCountDay(new Date('2026-11-25T00:00:00Z'))).toEqual({ day: '2026-11-25', secondsLeft: 86_400 });
  });
});
