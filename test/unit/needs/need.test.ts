import { describe, expect, it } from 'vitest';
import { Conflict } from '#lib/common/domain-errors.ts';
import { acknowledgeReceipt, moveNeed, newNeed } from '#lib/needs/need.ts';
import type { NeedSubmission } from '#lib/needs/need-submission.ts';

const submission: NeedSubmission = {
  category: 'repairs',
  description: '修门锁',
  communityId: 'hehua',
  urgency: 'normal',
  specialGroups: [],
  contact: { name: '李', phone: '13800138000' },
};
const created = newNeed(submission, { id: 'n1', districtId: 'demo', trackingTokenHash: 'h', correlationId: 'c', now: new Date('2026-11-23T01:00:00Z') });

describe('need lifecycle', () => {
  it('starts submitted, version 1, with one timeline step', () => {
    expect(created.status).toBe('submitted');
    expect(created.version).toBe(1);
    expect(created.timeline).toEqual([{ status: 'submitted', at: '2026-11-23T01:00:00.000Z' }]);
  });

  it('acknowledges receipt once: a second acknowledgement changes nothing', () => {
    const received = acknowledgeReceipt(created, new Date('2026-11-23T01:00:01Z'));
    expect(received?.status).toBe('received');
    expect(received?.version).toBe(2);
    expect(received?.timeline.map((step) => step.status)).toEqual(['submitted', 'received']);
    expect(received && acknowledgeReceipt(received, new Date())).toBeUndefined();
  });

  it('refuses a move the lifecycle does not allow, naming the current status', () => {
    expect(() => moveNeed(created, 'completed', new Date())).toThrow(Conflict);
    try {
      moveNeed(created, 'completed', new Date());
    } catch (error) {
      expect((error as Conflict).current).toEqual({ status: 'submitted' });
    }
  });

  it('records the reason of a step that has one', () => {
    const escalated = moveNeed(created, 'escalated', new Date('2026-11-23T02:00:00Z'), 'no partner on duty');
    expect(escalated.timeline.at(-1)).toEqual({ status: 'escalated', at: '2026-11-23T02:00:00.000Z', reason: 'no partner on duty' });
  });
});
