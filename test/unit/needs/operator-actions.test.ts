import { describe, expect, it } from 'vitest';
import { Conflict } from '#lib/common/domain-errors.ts';
import { escalateNeed, moveNeed, type Need, type NeedStatus, newNeed, offerNeed, waitNeed } from '#lib/needs/need.ts';
import type { NeedSubmission } from '#lib/needs/need-submission.ts';
import { residentView } from '#lib/needs/need-views.ts';
import {
  allowedFrom,
  answerReferral,
  assignNeed,
  closeNeed,
  closeOutcomes,
  closeOutcomeWords,
  isReplay,
  type OperatorAct,
  recordFollowUp,
  redispatchNeed,
  referNeed,
  referralOutcomes,
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

describe('operator actions: the rules as the desk documents them', () => {
  it('allows each action from exactly these statuses', () => {
    // Written out, not read from allowedFrom: the table itself is what is under test.
    expect(allowedFrom).toEqual({
      assigned: ['submitted', 'waiting', 'escalated', 'referred'],
      // A need awaiting its SMS code (#10): staff who reached the resident send it on, or close it.
      redispatched: ['waiting', 'escalated', 'referred', 'awaitingConfirmation'],
      referred: ['waiting', 'escalated'],
      referralAnswered: ['referred'],
      closed: ['submitted', 'offered', 'waiting', 'escalated', 'referred', 'awaitingConfirmation'],
    });
  });

  it('refuses with a message naming the status and the action', () => {
    expect(() => referNeed(inStatus('accepted'), { id: 'u1', name: '城管中队' }, act('referred'), later)).toThrow(
      'a need that is accepted cannot be referred',
    );
  });

  it('tells the resident each close outcome in plain words, and a neutral line for an unknown one', () => {
    const words = Object.fromEntries(
      [...closeOutcomes, ...referralOutcomes.map((outcome) => `referral.${outcome}`), 'lost'].map((outcome) => [outcome, closeOutcomeWords(outcome)]),
    );
    expect(words).toEqual({
      resolvedOffline: { zh: '社区工作人员已线下为您解决。', en: 'Community staff resolved it offline.' },
      duplicate: { zh: '这条需求与您的另一条需求重复，已合并处理。', en: 'It duplicated another of your requests, which is being handled.' },
      residentUnreachable: {
        zh: '社区工作人员多次未能联系上您，需求已结束；如仍需要，请重新提交。',
        en: 'Staff could not reach you; submit it again if you still need help.',
      },
      withdrawnByResident: { zh: '按您的意思，这条需求已撤回。', en: 'Withdrawn as you asked.' },
      outOfScope: {
        zh: '这件事不在社区服务范围内，社区工作人员会告诉您可以去哪里办理。',
        en: 'This is outside what the community provides; staff will tell you where to turn.',
      },
      'referral.resolved': { zh: '共建单位已处理完毕。', en: 'The co-building unit has dealt with it.' },
      'referral.notResolved': { zh: '共建单位暂时无法解决，社区工作人员会与您联系说明情况。', en: 'The co-building unit could not resolve it; staff will explain.' },
      'referral.outOfScope': { zh: '共建单位答复不属其职责，社区工作人员会与您联系。', en: 'The unit answered it is not theirs; staff will contact you.' },
      lost: { zh: '需求已结束。', en: 'Closed.' },
    });
  });

  it('words the redispatch and the referral for the resident’s timeline', () => {
    expect(redispatchNeed(escalated, 1, act('redispatched'), later).timeline.at(-1)?.reason).toBe('社区工作人员已为您重新安排服务方。');
    expect(referNeed(escalated, { id: 'u1', name: '城管中队' }, act('referred'), later).timeline.at(-1)?.reason).toBe(
      '已转交城管中队处理（社区吹哨、部门报到），有结果会通知您。',
    );
  });

  it('signs the one step the action adds, and keeps the operator’s notes where operators read them', () => {
    const withNote = (action: OperatorAct['action']) => ({ ...act(action), note: '已电话沟通' });
    const referred = referNeed(escalated, { id: 'u1', name: '城管中队' }, withNote('referred'), later);
    expect(referred.timeline).toHaveLength(escalated.timeline.length + 1);
    expect(referred.timeline.at(-2)).toEqual(escalated.timeline.at(-1));
    expect(referred.timeline.at(-1)).toMatchObject({ status: 'referred', action: 'referred', by: 'op-1', note: '已电话沟通' });
    expect(referred.referral?.note).toBe('已电话沟通');
    const answered = answerReferral(referred, 'outOfScope', withNote('referralAnswered'), later);
    expect(answered.referral?.reply).toEqual({ outcome: 'outOfScope', by: 'op-1', at: later.toISOString(), note: '已电话沟通' });
    expect(closeNeed(escalated, 'duplicate', withNote('closed'), later).closure).toEqual({
      outcome: 'duplicate',
      by: 'op-1',
      at: later.toISOString(),
      note: '已电话沟通',
    });
    const noNote = closeNeed(escalated, 'duplicate', act('closed'), later);
    expect(noNote.closure).not.toHaveProperty('note');
    expect(noNote.timeline.at(-1)).not.toHaveProperty('note');
  });

  it('records a follow-up with its outcome and note, one version on', () => {
    const completed: Need = { ...submitted, status: 'completed' };
    const followed = recordFollowUp(completed, 'explained', { ...act('followUpClosed'), note: '已解释收费' }, later);
    expect(followed.timeline.at(-1)).toEqual({
      status: 'completed',
      at: later.toISOString(),
      action: 'followUpClosed',
      by: 'op-1',
      requestHash: act('followUpClosed').requestHash,
      note: 'explained: 已解释收费',
    });
    expect(followed.version).toBe(completed.version + 1);
    expect(followed.updatedAt).toBe(later.toISOString());
    expect(recordFollowUp(completed, 'resolved', act('followUpClosed'), later).timeline.at(-1)?.note).toBe('resolved');
  });

  it('fingerprints a request in 32 hex characters, the same for the same request', () => {
    const fingerprint = requestFingerprint('closed', 'n1', { outcome: 'duplicate' });
    expect(fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(requestFingerprint('closed', 'n1', { outcome: 'duplicate' })).toBe(fingerprint);
    expect(requestFingerprint('closed', 'n2', { outcome: 'duplicate' })).not.toBe(fingerprint);
  });

  it('recognises a retry after steps that were not an operator’s', () => {
    const body = { partnerId: 'p1' };
    const assigned = assignNeed(escalated, act('assigned', body), later, later.toISOString());
    const accepted = moveNeed(assigned, 'accepted', later);
    expect(isReplay(accepted, act('assigned', body))).toBe(true);
  });
});

describe('release order, pair by pair', () => {
  it('puts a need of a special group before any other, whatever their ages', () => {
    const special = { id: 'b', createdAt: '2026-12-01T05:00:00Z', specialGroups: ['infant' as const] };
    const plain = { id: 'a', createdAt: '2026-12-01T01:00:00Z', specialGroups: [] };
    expect(releaseOrder(special, plain)).toBeLessThan(0);
    expect(releaseOrder(plain, special)).toBeGreaterThan(0);
    expect(releaseOrder(plain, { ...plain, id: 'c' })).toBeLessThan(0);
  });
});
