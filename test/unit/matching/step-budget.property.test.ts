/**
 * Bounded work for every input (#10 item 2): ranking the largest valid need against the largest
 * valid field of partners stays within a step budget worked out from the schemas' limits alone.
 * Steps, not milliseconds: the ranking counts what its loops iterate over (lib/matching/step-counter.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serviceCategoryCodes } from '../../../lib/catalog/service-categories.ts';
import { type Candidate, candidateReadLimit } from '../../../lib/matching/candidate.ts';
import { constraints } from '../../../lib/matching/constraints.ts';
import type { MatchRequest } from '../../../lib/matching/match-request.ts';
import { defaultMatchingSettings, matchingSettingsSchema, maxHorizonHours } from '../../../lib/matching/matching-settings.ts';
import { objectives } from '../../../lib/matching/objectives.ts';
import { rankCandidates } from '../../../lib/matching/rank-candidates.ts';
import type { StepCounter } from '../../../lib/matching/step-counter.ts';
import { preferredWindowLimits, specialGroups } from '../../../lib/needs/need-submission.ts';
import { partnerListLimits, partnerSchema } from '../../../lib/partners/partner.ts';
import { checkProperty } from '../property-check.ts';
import { district, partner, request, standing, tuesdayMorning } from './matching-fixtures.ts';

const dayMs = 86_400_000;
const hourMs = 3_600_000;
const testDistrict = district();
/** The widest horizon the settings allow, so a need without a window walks the longest calendar. */
const widest = matchingSettingsSchema.parse({ horizonHours: { normal: maxHorizonHours, urgent: maxHorizonHours } });
/** Offers per need before escalation, at most (the settings' limit): a need excludes at most that many partners per round. */
const maxExcluded = matchingSettingsSchema.shape.maxAttempts.def.innerType._zod.bag.maximum ?? 50;

/** The budget, from the limits only: what one ranking may cost whatever valid need and partners it is given. */
function stepBudget(candidateCount: number): number {
  // The calendar a ranking walks: the horizon (the longest span there is), plus the day before and after and a DST spare.
  const days = Math.ceil(Math.max(maxHorizonHours * hourMs, preferredWindowLimits.maxDaysLong * dayMs) / dayMs) + 3;
  const slotsPerDay = Math.max(partnerListLimits.weeklySlots, partnerListLimits.exceptionSlots);
  const dutyWalk = days * (1 + 2 * partnerListLimits.exceptions + slotsPerDay) + 2 * days * slotsPerDay * Math.log2(days * slotsPerDay);
  const communityGrids = Math.max(...testDistrict.communities.map((community) => community.grids.length));
  const areaWalk = partnerListLimits.grids * (1 + Math.max(communityGrids, testDistrict.communities.length)) + partnerListLimits.communities;
  // Each candidate: its constraints (on-duty walks the calendar once), the objectives (earliest availability walks it
  // again), the capability and area lists twice each, and its place in the top k.
  const perCandidate = 1 + constraints.length + 2 * dutyWalk + 2 * areaWalk + 2 * partnerListLimits.capabilities + 2 * objectives.length + 8;
  // The context, and the winner's explanation (its constraints and its first duty stretch again).
  const once = days + maxExcluded + specialGroups.length ** 2 + perCandidate;
  return candidateCount * perCandidate + once;
}

const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 30)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
/** A list of `max` items, or (less often) fewer: the limits are what matter here. */
const upTo = <T>(max: number, item: (index: number) => T) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(max) }, { weight: 1, arbitrary: fc.integer({ min: 0, max }) }).map((length) => Array.from({ length }, (_, index) => item(index)));

/** One partner at the schema's limits; the field of candidates is it, cloned under other ids and loads. */
const partnerAtLimits = fc
  .record({
    slotTimes: fc.array(fc.tuple(clock, clock), { minLength: 1, maxLength: 8 }),
    exceptionStart: fc.integer({ min: -2, max: 20 }),
    exceptionAvailable: fc.boolean(),
    alwaysAvailable: fc.boolean(),
    withBase: fc.boolean(),
    homeVisits: fc.boolean(),
    status: fc.constantFrom('active', 'active', 'suspended'),
    weeklyCount: fc.constant(partnerListLimits.weeklySlots),
    exceptions: upTo(partnerListLimits.exceptions, (index) => index),
    grids: upTo(partnerListLimits.grids, (index) => (index < 3 ? ['hehua-1', 'hehua-2', 'liuyin-1'][index] : `far-grid-${index}`) as string),
    communities: upTo(partnerListLimits.communities, (index) => (index === 0 ? 'hehua' : `far-community-${index}`)),
  })
  .map((shape) => {
    const slotAt = (index: number) => shape.slotTimes[index % shape.slotTimes.length] ?? ['08:00', '20:00'];
    return partnerSchema.parse({
      id: 'template',
      kind: 'business',
      name: { zh: '上限' },
      status: shape.status,
      capabilities: serviceCategoryCodes.slice(0, partnerListLimits.capabilities).map((category) => ({ category, skillLevel: 3 })),
      serviceArea: { communities: shape.communities, grids: shape.grids, radiusKm: 3 },
      ...(shape.withBase ? { base: { lat: 30.27, lng: 120.15 } } : {}),
      capacity: 1000,
      priceMode: 'free',
      homeVisits: shape.homeVisits,
      schedule: {
        alwaysAvailable: shape.alwaysAvailable,
        weekly: Array.from({ length: shape.weeklyCount }, (_, index) => ({
          day: (index % 7) + 1,
          from: slotAt(index)[0],
          to: slotAt(index)[1],
          ...(index % 3 === 0 ? { categories: serviceCategoryCodes.slice(0, 1 + (index % serviceCategoryCodes.length)) } : {}),
        })),
        // Dated exceptions from a little before the need through a year: every one of them is searched each day.
        exceptions: shape.exceptions.map((offset) => ({
          date: new Date(tuesdayMorning.getTime() + (shape.exceptionStart + offset) * dayMs).toISOString().slice(0, 10),
          available: shape.exceptionAvailable || offset % 2 === 0,
          ...(offset % 4 === 0 ? { slots: Array.from({ length: partnerListLimits.exceptionSlots }, (_, slot) => ({ from: `${String(slot * 2).padStart(2, '0')}:00`, to: `${String(slot * 2 + 1).padStart(2, '0')}:00` })) } : {}),
        })),
      },
      contact: { name: '上限', phone: '13800000000' },
    });
  });

const field = fc
  .record({
    template: partnerAtLimits,
    count: fc.oneof({ weight: 3, arbitrary: fc.constant(candidateReadLimit) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: candidateReadLimit }) }),
    loads: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 10 }),
  })
  .map(({ template, count, loads }): Candidate[] =>
    Array.from({ length: count }, (_, index) => {
      const id = `p${String(index).padStart(3, '0')}`;
      return { partner: { ...template, id }, standing: standing(id, { openOrders: loads[index % loads.length] ?? 0 }) };
    }),
  );

/** A valid need at the limits: the longest window starting as late as allowed, or none (the widest horizon), every special group. */
const needAtLimits = (ids: readonly string[]) =>
  fc
    .record({
      window: fc.option(fc.integer({ min: 0, max: preferredWindowLimits.maxDaysAhead * 24 }), { nil: undefined }),
      urgency: fc.constantFrom('normal', 'urgent'),
      groups: fc.oneof({ weight: 3, arbitrary: fc.constant([...specialGroups]) }, { weight: 1, arbitrary: fc.subarray([...specialGroups]) }),
      gridId: fc.option(fc.constantFrom('hehua-1', 'hehua-2'), { nil: undefined }),
      located: fc.boolean(),
      category: fc.constantFrom(...serviceCategoryCodes.slice(0, 4)),
    })
    .map(
      ({ window, urgency, groups, gridId, located, category }): MatchRequest =>
        request({
          category,
          urgency,
          specialGroups: [...groups],
          ...(gridId ? { gridId } : { gridId: undefined }),
          ...(located ? { location: { lat: 30.2745, lng: 120.155 } } : {}),
          excludedPartnerIds: ids.slice(0, maxExcluded),
          ...(window === undefined
            ? {}
            : {
                preferredWindow: {
                  from: new Date(tuesdayMorning.getTime() + window * hourMs).toISOString(),
                  to: new Date(tuesdayMorning.getTime() + window * hourMs + preferredWindowLimits.maxDaysLong * dayMs).toISOString(),
                },
              }),
        }),
    );

function rankCounting(need: MatchRequest, candidates: readonly Candidate[], settings = widest): StepCounter {
  const steps: StepCounter = { steps: 0 };
  rankCandidates(need, candidates, settings, testDistrict, tuesdayMorning, { steps });
  return steps;
}

describe('the step budget of matching', () => {
  it('ranks any valid need against up to 200 partners at the schemas’ limits within the budget the limits give', () => {
    let heaviest = 0;
    checkProperty(
      fc.property(
        field.chain((candidates) => fc.tuple(fc.constant(candidates), needAtLimits(candidates.map(({ partner }) => partner.id)))),
        ([candidates, need]) => {
          const { steps } = rankCounting(need, candidates);
          // Every candidate costs at least being looked at and its first constraint: the counter is live.
          expect(steps).toBeGreaterThanOrEqual(2 * candidates.length);
          expect(steps).toBeLessThanOrEqual(stepBudget(candidates.length));
          heaviest = Math.max(heaviest, steps / stepBudget(candidates.length));
        },
      ),
      { numRuns: 12 },
    );
    console.info(`heaviest ranking used ${(heaviest * 100).toFixed(1)} % of its step budget`);
  }, 120_000);

  it('counts the work that the limits bound: a window past them would cost more than the budget allows', () => {
    // On duty only on dates far beyond any valid window, so every day of the window is walked.
    const roster = partner({
      id: 'busy',
      schedule: {
        weekly: [],
        alwaysAvailable: false,
        exceptions: Array.from({ length: partnerListLimits.exceptions }, (_, index) => ({
          date: new Date(Date.parse('2031-01-01T00:00:00Z') + index * dayMs).toISOString().slice(0, 10),
          available: true,
        })),
      },
    });
    const candidates = Array.from({ length: 10 }, (_, index) => ({ partner: { ...roster, id: `b${index}` }, standing: standing(`b${index}`) }));
    const window = (days: number) => ({
      from: tuesdayMorning.toISOString(),
      to: new Date(tuesdayMorning.getTime() + days * dayMs).toISOString(),
    });
    const valid = rankCounting(request({ preferredWindow: window(preferredWindowLimits.maxDaysLong) }), candidates, defaultMatchingSettings).steps;
    // The year-9998 window of the audit, a year here: what the schema now refuses with 400.
    const past = rankCounting(request({ preferredWindow: window(365) }), candidates, defaultMatchingSettings).steps;

    expect(valid).toBeLessThanOrEqual(stepBudget(candidates.length));
    expect(past).toBeGreaterThan(stepBudget(candidates.length));
  });
});

describe('the limits the budget rests on', () => {
  const base = partner();
  const fieldsAtFault = (input: unknown) => {
    const parsed = partnerSchema.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
  };

  it('refuses partners past them, naming the list', () => {
    const slot = { day: 1, from: '08:00', to: '09:00' };
    expect(fieldsAtFault({ ...base, schedule: { weekly: Array(partnerListLimits.weeklySlots).fill(slot) } })).toEqual([]);
    expect(fieldsAtFault({ ...base, schedule: { weekly: Array(partnerListLimits.weeklySlots + 1).fill(slot) } })).toEqual(['schedule.weekly']);
    const exception = { date: '2026-12-01', available: false };
    expect(fieldsAtFault({ ...base, schedule: { exceptions: Array(partnerListLimits.exceptions + 1).fill(exception) } })).toEqual(['schedule.exceptions']);
    expect(fieldsAtFault({ ...base, serviceArea: { grids: Array(partnerListLimits.grids + 1).fill('g') } })).toEqual(['serviceArea.grids']);
    expect(fieldsAtFault({ ...base, serviceArea: { communities: Array(partnerListLimits.communities + 1).fill('c') } })).toEqual(['serviceArea.communities']);
    expect(fieldsAtFault({ ...base, capabilities: Array(partnerListLimits.capabilities + 1).fill({ category: 'repairs', skillLevel: 1 }) })).toEqual(['capabilities']);
  });

  it('refuses a matching horizon past 30 days', () => {
    expect(matchingSettingsSchema.safeParse({ horizonHours: { normal: maxHorizonHours } }).success).toBe(true);
    expect(matchingSettingsSchema.safeParse({ horizonHours: { normal: maxHorizonHours + 1 } }).success).toBe(false);
  });
});
