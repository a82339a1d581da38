import { describe, expect, it } from 'vitest';
import { Conflict } from '#lib/common/domain-errors.ts';
import { escalateNeed, type Need, type NeedStatus, newNeed, offerNeed, waitNeed } from '#lib/needs/need.ts';
import type { NeedSubmission } from '#lib/needs/need-submission.ts';
import { residentView } from '#lib/needs/need-views.ts';
import {
  allowedFrom,
  answerReferral,
  assignNeed,
  closeNeed,
  isReplay,
  type OperatorAct,
  recordFollowUp,
  redispatchNeed,
  referNeed,
  requestFingerprint,
} from '#lib/needs/operator-actions.ts';
import { releaseOrder } from '#lib/needs/waiting-queue.ts';

const t0 = new Date('2026-12-01T02:00:00Z');
const later = new Date('2026-12-01T03:00:00Z');
const submission: NeedSubmission = {
  category: 'repairs',
  description: '修门锁',
  communityId: 'hehua',
  urgency: 'normal',
  specialGroups: [],
  contact: { name: '李', phone: '13800138000' },
};
const submitted = newNeed(submission, { id: 'n1', districtId: 'demo', trackingTokenHash: 'h', correlationId: 'c', now: t0 });
const escalated = escalateNeed(submitted, { code: 'noCandidates', message: { zh: '无人', en: 'nobody' } }, t0);
const waiting = waitNeed(submitted, 'repairs#hehua', { zh: '满额', en: 'full' }, t0);
const act = (action: OperatorAct['action'], body: unknown = {}): OperatorAct => ({ action, by: 'op-1', requestHash: requestFingerprint(action, 'n1', body) });

function inStatus(status: NeedStatus): Need {
  return { ...submitted, status };
}

describe('operator actions: which statuses allow them', () => {
  const all: NeedStatus[] = ['submitted', 'offered', 'accepted', 'started', 'completed', 'escalated', 'cancelled', 'closed', 'waiting', 'referred'];
  const cases: Array<[keyof typeof allowedFrom, (need: Need) => Need]> = [
    ['assigned', (need) => assignNeed(need, act('assigned'), later, later.toISOString())],
    ['redispatched', (need) => redispatchNeed(need, 2, act('redispatched'), later)],
    ['referred', (need) => referNeed(need, { id: 'u1', name: '城管中队' }, act('referred'), later)],
    ['referralAnswered', (need) => answerReferral(need, 'resolved', act('referralAnswered'), later)],
    ['closed', (need) => closeNeed(need, 'duplicate', act('closed'), later)],
  ];
  for (const [action, apply] of cases) {
    it(`${action}: allowed from ${allowedFrom[action].join(', ')}; refused with 409 and the current status from the rest`, () => {
      for (const status of all) {
        const need = inStatus(status);
        if (allowedFrom[action].includes(status)) {
          const next = apply(need);
          expect(next.timeline.at(-1)).toMatchObject({ action, by: 'op-1' });
          expect(next.version).toBe(need.version + 1);
        } else {
          expect(() => apply(need), `${action} from ${status}`).toThrow(Conflict);
          try {
            apply(need);
          } catch (error) {
            expect((error as Conflict).current).toMatchObject({ status });
          }
        }
      }
    });
  }
});

describe('operator actions: what they leave behind', () => {
  it('an assignment is an offered need with 由社区工作人员指派 in the timeline and the deadline', () => {
    const assigned = assignNeed(waiting, { ...act('assigned'), note: '电话确认过' }, later, '2026-12-01T03:10:00.000Z');
    expect(assigned.status).toBe('offered');
    expect(assigned.waiting).toBeUndefined();
    expect(assigned.answerBy).toBe('2026-12-01T03:10:00.000Z');
    expect(assigned.timeline.at(-1)).toMatchObject({ status: 'offered', reason: expect.stringContaining('由社区工作人员指派'), note: '电话确认过' });
  });

  it('a redispatch goes back to submitted and remembers how many offers no longer count', () => {
    const back = redispatchNeed(escalated, 5, act('redispatched'), later);
    expect(back.status).toBe('submitted');
    expect(back.attemptsBeforeRedispatch).toBe(5);
  });

  it('a referral names the unit; its reply closes the need with that outcome, in plain words for the resident', () => {
    const referred = referNeed(escalated, { id: 'u1', name: '城管中队' }, act('referred'), later);
    expect(referred.referral).toMatchObject({ unitId: 'u1', unitName: '城管中队', by: 'op-1' });
    const answered = answerReferral(referred, 'resolved', { ...act('referralAnswered'), note: '已疏通' }, later);
    expect(answered.status).toBe('closed');
    expect(answered.closure).toMatchObject({ outcome: 'referral.resolved', note: '已疏通' });
    expect(answered.referral?.reply).toMatchObject({ outcome: 'resolved' });
    const view = residentView(answered, later);
    expect(view.closure?.label.zh).toBe('共建单位已处理完毕。');
    // Who did it and the staff's notes stay with operators.
    expect(JSON.stringify(view.timeline)).not.toContain('op-1');
    expect(JSON.stringify(view.timeline)).not.toContain('已疏通');
  });

  it('a close keeps the outcome and its words', () => {
    const closed = closeNeed(waiting, 'residentUnreachable', act('closed'), later);
    expect(closed.closure?.outcome).toBe('residentUnreachable');
    expect(closed.timeline.at(-1)?.reason).toContain('未能联系上您');
  });

  it('a follow-up is a timeline step for operators that leaves the status as it was and the resident’s page unchanged', () => {
    const completed: Need = { ...submitted, status: 'completed' };
    const followed = recordFollowUp(completed, 'explained', act('followUpClosed'), later);
    expect(followed.status).toBe('completed');
    expect(followed.timeline).toHaveLength(completed.timeline.length + 1);
    expect(residentView(followed, later).timeline).toHaveLength(residentView(completed, later).timeline.length);
  });

  it('recognises a retried request by its fingerprint, and only the last operator action', () => {
    const body = { outcome: 'duplicate' };
    const closed = closeNeed(escalated, 'duplicate', act('closed', body), later);
    expect(isReplay(closed, act('closed', body))).toBe(true);
    expect(isReplay(closed, act('closed', { outcome: 'outOfScope' }))).toBe(false);
    expect(isReplay(escalated, act('closed', body))).toBe(false);
  });
});

describe('waiting and release order', () => {
  it('keeps a waiting need’s place when it is checked again', () => {
    const again = waitNeed(waiting, 'repairs#hehua', { zh: '满额', en: 'full' }, later);
    expect(again.waiting?.since).toBe(t0.toISOString());
    expect(again.timeline).toHaveLength(waiting.timeline.length);
  });

  it('releases special groups first, then the oldest', () => {
    const need = (id: string, createdAt: string, special: boolean) => ({ id, createdAt, specialGroups: special ? (['elderly80'] as const).slice() : [] });
    const queue = [
      need('young-plain', '2026-12-01T03:00:00Z', false),
      need('old-plain', '2026-12-01T01:00:00Z', false),
      need('young-special', '2026-12-01T04:00:00Z', true),
      need('old-special', '2026-12-01T02:00:00Z', true),
    ];
    expect(queue.sort(releaseOrder).map((entry) => entry.id)).toEqual(['old-special', 'young-special', 'old-plain', 'young-plain']);
  });

  it('an offer takes a need out of the queue', () => {
    const offered = offerNeed(waiting, later, undefined, '2026-12-01T03:10:00.000Z');
    expect(offered.status).toBe('offered');
    expect(offered.waiting).toBeUndefined();
  });
});
