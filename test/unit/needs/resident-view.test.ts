import { describe, expect, it } from 'vitest';
import { cancelNeed, canCancel, escalateNeed, moveNeed, type Need, newNeed, offerNeed, residentWaitingReason, waitNeed } from '#lib/needs/need.ts';
import type { NeedSubmission } from '#lib/needs/need-submission.ts';
import { submission as orderSubmission } from '../orders/order-fixtures.ts';
import { residentView } from '#lib/needs/need-views.ts';
import { closeNeed } from '#lib/needs/operator-actions.ts';
import { Conflict } from '#lib/common/domain-errors.ts';

const t0 = new Date('2026-12-01T15:50:00Z'); // 23:50 in Shanghai
const submission: NeedSubmission = { ...orderSubmission, specialGroups: [] };
const submitted = newNeed(submission, { id: 'n1', districtId: 'demo', trackingTokenHash: 'h', correlationId: 'c', now: t0 });
const waiting = waitNeed(submitted, 'repairs#hehua', { zh: '满额', en: 'full' }, t0);

describe("the resident's page", () => {
  it("says by when the offered partner answers, in Shanghai's day unless the district says otherwise", () => {
    // 00:20 on 12-02 in Shanghai: "tomorrow" seen from 23:50 on 12-01.
    const offered = offerNeed(submitted, t0, undefined, '2026-12-01T16:20:00.000Z');
    expect(residentView(offered, t0).answerBy).toEqual({
      at: '2026-12-01T16:20:00.000Z',
      zh: '最晚明天00:20前答复',
      en: 'The partner answers by 00:20 tomorrow at the latest',
    });
    expect(residentView(offered, t0, { timeZone: 'UTC' }).answerBy?.zh).toBe('最晚今天16:20前答复');
    expect(residentView(submitted, t0).answerBy).toBeUndefined();
    expect(residentView({ ...moveNeed(offered, 'accepted', t0) }, t0).answerBy).toBeUndefined();
  });

  it('shows a waiting need its place in the queue, and nothing of the queue otherwise', () => {
    expect(residentView(waiting, t0, { queuePosition: 2 }).waiting).toEqual({ since: t0.toISOString(), position: 2 });
    expect(residentView(waiting, t0).waiting).toEqual({ since: t0.toISOString() });
    expect(residentView({ ...waiting, status: 'escalated' }, t0, { queuePosition: 2 }).waiting).toBeUndefined();
    const { waiting: _record, ...recordless } = waiting;
    expect(residentView(recordless, t0).waiting).toBeUndefined();
  });

  it('shows the closure only on a closed need', () => {
    const closed = closeNeed(waiting, 'duplicate', { action: 'closed', by: 'op', requestHash: 'h' }, t0);
    expect(residentView(closed, t0).closure).toEqual({
      outcome: 'duplicate',
      label: { zh: '这条需求与您的另一条需求重复，已合并处理。', en: 'It duplicated another of your requests, which is being handled.' },
    });
    expect(residentView({ ...closed, status: 'cancelled' }, t0).closure).toBeUndefined();
    const { closure, ...unrecorded } = closed;
    expect(residentView(unrecorded, t0).closure).toBeUndefined();
  });

  it('gives a step its reason only when it has one', () => {
    const timeline = residentView(waiting, t0).timeline;
    expect(timeline[0]).toEqual({ status: 'submitted', at: t0.toISOString(), label: { zh: '已提交', en: 'Submitted' } });
    expect(timeline[1]).toMatchObject({ status: 'waiting', reason: residentWaitingReason });
  });
});

describe('the lifecycle around waiting', () => {
  it('tells the resident the need is queued for a free partner', () => {
    expect(residentWaitingReason).toContain('排队');
    expect(waiting.timeline.at(-1)?.reason).toBe(residentWaitingReason);
  });

  it('keeps a waiting need’s place on a re-check, one version on', () => {
    const again = waitNeed(waiting, 'repairs#hehua', { zh: '满额', en: 'full' }, new Date(t0.getTime() + 60_000));
    expect(again.version).toBe(waiting.version + 1);
    expect(again.waiting).toEqual(waiting.waiting);
  });

  it('never puts a cancelled need back in the queue, even one that had waited', () => {
    const cancelled = cancelNeed(waiting, t0);
    expect(cancelled.waiting).toBeDefined();
    expect(() => waitNeed(cancelled, 'repairs#hehua', { zh: '', en: '' }, t0)).toThrow(Conflict);
  });

  it('lets the resident cancel a need that waits or was referred, not one started', () => {
    expect(canCancel(waiting)).toBe(true);
    expect(canCancel({ ...waiting, status: 'referred' })).toBe(true);
    expect(canCancel({ ...waiting, status: 'started' })).toBe(false);
  });

  it('keeps the answer-by deadline of an offer, and drops it when the need escalates', () => {
    const offered = offerNeed(submitted, t0, undefined, '2026-12-01T16:20:00.000Z');
    expect(offered.answerBy).toBe('2026-12-01T16:20:00.000Z');
    expect(offerNeed(submitted, t0)).not.toHaveProperty('answerBy');
    const escalated: Need = escalateNeed(offered, { code: 'maxAttempts', message: { zh: '', en: '' } }, t0);
    expect(escalated).not.toHaveProperty('answerBy');
  });
});
