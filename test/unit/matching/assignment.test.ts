import { describe, expect, it } from 'vitest';
import { judgeAssignment, notOverridable } from '#lib/matching/assignment.ts';
import { blockedOnlyByCapacity, waitingReason } from '#lib/matching/capacity-wait.ts';
import { defaultMatchingSettings } from '#lib/matching/matching-settings.ts';
import { rankCandidates } from '#lib/matching/rank-candidates.ts';
import { candidate, district, request, tuesdayMorning } from './matching-fixtures.ts';

describe("an operator's assignment", () => {
  it('passes a partner that meets every constraint, explained as the only eligible candidate', () => {
    const { failed, explanation } = judgeAssignment(request(), candidate({ id: 'fit' }), defaultMatchingSettings, district(), tuesdayMorning);

    expect(failed).toEqual([]);
    expect(explanation).toMatchObject({ needId: 'need-1', partnerId: 'fit', candidates: { considered: 1, eligible: 1 }, leadingTerms: [], runnerUps: [] });
    expect(explanation.score).toBeGreaterThan(0);
    expect(explanation.terms.map((term) => term.name)).toContain('skill');
    expect(Object.values(explanation.rejectedByConstraint).every((count) => count === 0)).toBe(true);
  });

  it('names every constraint the partner fails, not only the first, in the constraints’ order', () => {
    const misfit = candidate({ id: 'misfit', status: 'suspended', capacity: 1, serviceArea: { communities: ['liuyin'] } }, { openOrders: 1 });
    const { failed, explanation } = judgeAssignment(request(), misfit, defaultMatchingSettings, district(), tuesdayMorning);

    expect(failed).toEqual(['active', 'freeCapacity', 'serviceArea']);
    expect(explanation.candidates).toEqual({ considered: 1, eligible: 0 });
  });

  it('never lets an inactive partner or capacity be overridden', () => {
    expect(notOverridable).toEqual(['active', 'freeCapacity']);
  });
});

describe('waiting for a free place', () => {
  it('does not wait when a partner was chosen or none was full', () => {
    const settings = defaultMatchingSettings;
    const chosen = rankCandidates(request(), [candidate({ id: 'free' })], settings, district(), tuesdayMorning);
    expect(blockedOnlyByCapacity(chosen, request(), [candidate({ id: 'free' })], settings, district(), tuesdayMorning)).toBe(false);
    const elsewhere = candidate({ id: 'elsewhere', serviceArea: { communities: ['liuyin'] } });
    const none = rankCandidates(request(), [elsewhere], settings, district(), tuesdayMorning);
    expect(blockedOnlyByCapacity(none, request(), [elsewhere], settings, district(), tuesdayMorning)).toBe(false);
  });

  it('never waits while a partner with a free place can take it, however many others are full', () => {
    const settings = defaultMatchingSettings;
    const pool = [candidate({ id: 'free' }), candidate({ id: 'full', capacity: 1 }, { openOrders: 1 })];
    const ranking = rankCandidates(request(), pool, settings, district(), tuesdayMorning);
    expect(ranking.chosen?.partnerId).toBe('free');
    expect(ranking.rejectedByConstraint.freeCapacity).toBe(1);
    expect(blockedOnlyByCapacity(ranking, request(), pool, settings, district(), tuesdayMorning)).toBe(false);
  });

  it('tells the resident and operators how many partners are full', () => {
    expect(waitingReason(2)).toEqual({
      zh: '能提供这项服务的合伙人（2位）目前都已满额，需求排队等待空位。',
      en: 'Every partner able to serve it (2) is at capacity; the need waits for a free place.',
    });
  });
});
