/**
 * The step budget (step-budget.property.test.ts) holds only if the ranking counts every list it
 * walks: a list left uncounted could grow past its limit and no budget would notice. Each case adds
 * to one list and expects the ranking's count to grow.
 */
import { describe, expect, it } from 'vitest';
import { defaultMatchingSettings } from '../../../lib/matching/matching-settings.ts';
import { rankCandidates } from '../../../lib/matching/rank-candidates.ts';
import type { StepCounter } from '../../../lib/matching/step-counter.ts';
import type { PartnerInput } from '../../../lib/partners/partner.ts';
import { candidate, district, request, tuesdayMorning } from './matching-fixtures.ts';

type RequestInput = Parameters<typeof request>[0];

function stepsOf(partnerOverrides: Partial<PartnerInput> = {}, requestOverrides: RequestInput = {}): number {
  const steps: StepCounter = { steps: 0 };
  const ranking = rankCandidates(request(requestOverrides), [candidate(partnerOverrides)], defaultMatchingSettings, district(), tuesdayMorning, { steps });
  // Every case ranks an eligible partner, so the whole path (constraints, objectives, explanation) is walked.
  expect(ranking.ranked[0]?.partnerId).toBe('p1');
  return steps.steps;
}

const weekday = (day: number) => ({ day, from: '08:00', to: '20:00' });
/** Early-morning slots, over before the need (09:00): each is looked at, none ends the search. */
const exceptionSlots = (count: number) => Array.from({ length: count }, (_, slot) => ({ from: `0${slot}:00`, to: `0${slot}:30` }));

describe('the ranking counts each list it walks', () => {
  it('the weekly slots of the roster', () => {
    const fewer = stepsOf({ schedule: { weekly: [weekday(2)] } });
    expect(stepsOf({ schedule: { weekly: [weekday(2), weekday(3), weekday(4), weekday(5)] } })).toBeGreaterThan(fewer);
  });

  it('the slots of a dated exception', () => {
    const exception = (slots: number) => ({ date: '2025-03-04', available: true, slots: exceptionSlots(slots) });
    const fewer = stepsOf({ schedule: { weekly: [weekday(2)], exceptions: [exception(1)] } });
    expect(stepsOf({ schedule: { weekly: [weekday(2)], exceptions: [exception(6)] } })).toBeGreaterThan(fewer);
  });

  it('the duty stretches found in the window', () => {
    const evenings = [3, 4, 5, 6, 7].map((day) => ({ day, from: '18:00', to: '19:00' }));
    const fewer = stepsOf({ schedule: { weekly: [weekday(2), ...evenings.map((slot) => ({ ...slot, categories: ['haircut' as const] }))] } });
    expect(stepsOf({ schedule: { weekly: [weekday(2), ...evenings] } })).toBeGreaterThan(fewer);
  });

  it('the communities of the service area', () => {
    const fewer = stepsOf({ serviceArea: { communities: ['hehua'] } });
    expect(stepsOf({ serviceArea: { communities: ['hehua', 'liuyin', 'far-1', 'far-2', 'far-3'] } })).toBeGreaterThan(fewer);
  });

  it('the need’s special groups and excluded partners', () => {
    const plain = stepsOf();
    expect(stepsOf({}, { specialGroups: ['elderly80', 'disabled', 'livingAlone'] })).toBeGreaterThan(plain);
    expect(stepsOf({}, { excludedPartnerIds: ['p7', 'p8', 'p9'] })).toBeGreaterThan(plain);
  });
});
