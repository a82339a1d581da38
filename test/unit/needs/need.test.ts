import { describe, expect, it } from 'vitest';
import { Conflict } from '#lib/common/domain-errors.ts';
import { canCancel, canRate, cancelNeed, escalateNeed, moveNeed, newNeed, offerNeed, residentEscalationReasons } from '#lib/needs/need.ts';
import type { NeedSubmission } from '#lib/needs/need-submission.ts';

const submission: NeedSubmission = {
  category: 'repairs',
  description: '修门锁',
  communityId: 'hehua',
  urgency: 'normal',
  specialGroups: [],
  contact: { name: '李', phone: '13800138000' },
};
const created = () =>
  newNeed(submission, {
    id: 'n1',
    districtId: 'demo',
    trackingTokenHash: 'h',
    correlationId: 'c',
    now: new Date('2026-11-23T01:00:00Z'),
  });

describe('need lifecycle', () => {
  it('starts submitted, version 1, with one timeline step', () => {
    expect(created().status).toBe('submitted');
    expect(created().version).toBe(1);
    expect(created().timeline).toEqual([{ status: 'submitted', at: '2026-11-23T01:00:00.000Z' }]);
  });

  it('records the first offer as a step and re-offers as a quiet version bump', () => {
    const offered = offerNeed(created(), new Date('2026-11-23T01:00:01Z'));
    expect(offered.status).toBe('offered');
    expect(offered.version).toBe(2);
    expect(offered.timeline.map((step) => step.status)).toEqual(['submitted', 'offered']);
    const reoffered = offerNeed(offered, new Date('2026-11-23T01:10:01Z'));
    expect(reoffered.version).toBe(3);
    expect(reoffered.timeline).toHaveLength(2);
  });

  it("keeps the operators' reason on the need and plain words for the resident in the timeline", () => {
    const escalated = escalateNeed(
      created(),
      { code: 'noCandidates', message: { zh: '无人值班', en: 'nobody on duty' } },
      new Date('2026-11-23T01:05:00Z'),
    );
    expect(escalated.status).toBe('escalated');
    expect(escalated.escalation).toMatchObject({ code: 'noCandidates', message: { zh: '无人值班' }, at: '2026-11-23T01:05:00.000Z' });
    expect(escalated.timeline.at(-1)).toMatchObject({ status: 'escalated', reason: residentEscalationReasons.default });
    const publicProblem = escalateNeed(created(), { code: 'notAService', message: { zh: 'x', en: 'x' } }, new Date());
    expect(publicProblem.timeline.at(-1)?.reason).toBe(residentEscalationReasons.notAService);
  });

  it('may be cancelled until started, and rated only when completed, once, within 14 days', () => {
    const now = new Date('2026-11-23T02:00:00Z');
    expect(canCancel(created())).toBe(true);
    const started = moveNeed(moveNeed(offerNeed(created(), now), 'accepted', now), 'started', now);
    expect(canCancel(started)).toBe(false);
    expect(() => cancelNeed(started, now)).toThrow(Conflict);
    const completed = moveNeed(started, 'completed', now);
    expect(canRate(completed, new Date('2026-12-07T01:59:00Z'))).toBe(true);
    expect(canRate(completed, new Date('2026-12-07T02:01:00Z'))).toBe(false);
    expect(canRate({ ...completed, rating: { stars: 5, tags: [], at: now.toISOString() } }, now)).toBe(false);
    expect(canRate(started, now)).toBe(false);
  });

  it('refuses a move the lifecycle does not allow, naming the current status', () => {
    expect(() => moveNeed(created(), 'completed', new Date())).toThrow(Conflict);
    try {
      moveNeed(created(), 'completed', new Date());
    } catch (error) {
      expect((error as Conflict).current).toEqual({ status: 'submitted' });
    }
  });

  it('records the reason of a step that has one', () => {
    const escalated = moveNeed(created(), 'escalated', new Date('2026-11-23T02:00:00Z'), 'no partner on duty');
    expect(escalated.timeline.at(-1)).toEqual({ status: 'escalated', at: '2026-11-23T02:00:00.000Z', reason: 'no partner on duty' });
  });
});
