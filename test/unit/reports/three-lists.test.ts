import { describe, expect, it } from 'vitest';
import { loadDistrictFile } from '#lib/district/district-files.ts';
import { addCounters, type Contribution, contributionOf, counterDelta, countersOf } from '#lib/reports/report-counters.ts';
import { type CountedCell, demandList, dutyHoursOfWeek, gapList, recruitmentHint, supplyList } from '#lib/reports/three-lists.ts';
import { partnerSchema } from '#lib/partners/partner.ts';
import { expectedDemand, expectedGapCounts, expectedRepairsByGrid, knownPeriod, knownWeek } from '../../support/known-week.ts';

const district = loadDistrictFile('demo');

/** The counters as the stream consumer keeps them: each intermediate state, then the final one. */
function countedCells(): CountedCell[] {
  const cells = new Map<string, CountedCell>();
  for (const need of knownWeek()) {
    const contribution = contributionOf(need, district.timeZone);
    if (contribution.cell.day < knownPeriod.from || contribution.cell.day > knownPeriod.to) continue;
    // Counting the first state, then moving to the final one, must equal counting the final one.
    const first = contributionOf({ ...need, status: 'submitted', timeline: need.timeline.slice(0, 1), rating: undefined, escalation: undefined, version: 1 }, district.timeZone);
    const key = JSON.stringify(contribution.cell);
    const cell = cells.get(key) ?? { ...contribution.cell, counters: {} };
    addCounters(cell.counters, counterDelta(undefined, first));
    addCounters(cell.counters, counterDelta(first, contribution));
    cells.set(key, cell);
  }
  return [...cells.values()].map((cell) => ({ ...cell, counters: Object.fromEntries(Object.entries(cell.counters).filter(([, value]) => value !== 0)) }));
}

describe('report counters', () => {
  it('put a need in the cell of its local day and hour of the week', () => {
    const [tuesdayRepair] = knownWeek();
    expect(contributionOf(tuesdayRepair as never, 'Asia/Shanghai').cell).toEqual({ day: '2026-11-17', category: 'repairs', communityId: 'hehua', hourOfWeek: 33, gridId: 'hehua-2' });
  });

  it('use the hour the need wants service when it gives a window (Thursday 14:30)', () => {
    const [need] = knownWeek();
    const withWindow = { ...need, preferredWindow: { from: '2026-11-19T14:30:00+08:00', to: '2026-11-19T16:00:00+08:00' } };
    expect(contributionOf(withWindow as never, 'Asia/Shanghai').cell).toMatchObject({ day: '2026-11-17', category: 'repairs', communityId: 'hehua', hourOfWeek: 3 * 24 + 14 });
  });

  it('move a need between statuses without counting it twice', () => {
    const [need] = knownWeek();
    const final = contributionOf(need as never, 'Asia/Shanghai');
    const earlier: Contribution = { ...final, status: 'offered', minutesTo: { firstOffer: 4 }, stars: undefined, version: 2 };
    const total = addCounters(addCounters({}, counterDelta(undefined, earlier)), counterDelta(earlier, final));
    expect(Object.fromEntries(Object.entries(total).filter(([, value]) => value !== 0))).toEqual(countersOf(final));
  });
});

describe('the three lists over a known week', () => {
  it('give exactly the expected demand figures', () => {
    expect(demandList(district, countedCells())).toEqual(expectedDemand);
  });

  it('give the needs list per grid when asked', () => {
    const repairs = demandList(district, countedCells(), true).filter((row) => row.category === 'repairs');
    expect(repairs.map((row) => ({ gridId: row.gridId, posted: row.posted, completed: row.byStatus.completed, escalated: row.byStatus.escalated, cancelled: row.byStatus.cancelled }))).toEqual(
      expectedRepairsByGrid,
    );
  });

  it('rank the gap and word the recruitment hint', () => {
    const gap = gapList(district, countedCells(), supplyList(district, []));
    expect(gap.map(({ category, communityId, hourOfWeek, waiting, escalated, unmet }) => ({ category, communityId, hourOfWeek, waiting, escalated, unmet }))).toEqual(
      expectedGapCounts,
    );
    expect(gap.map((row) => row.rank)).toEqual([1, 2, 3]);
    expect(gap[0]?.recruit?.zh).toBe('周二上午荷花社区缺维修合伙人');
    expect(gap[1]?.recruit).toEqual({ zh: '周六晚上柳荫社区缺托育托管合伙人', en: 'Saturday evening: Liuyin Community needs childcare and after-school care partners' });
    expect(gap[2]?.recruit).toBeNull();
  });

  it('count duty hours per hour of the week, across midnight and by specialty', () => {
    const partner = partnerSchema.parse({
      id: 'p',
      kind: 'individual',
      name: { zh: '值班' },
      status: 'active',
      capabilities: [{ category: 'repairs', skillLevel: 3 }, { category: 'haircut', skillLevel: 3 }],
      serviceArea: { communities: ['hehua'] },
      capacity: 2,
      priceMode: 'free',
      schedule: { weekly: [{ day: 2, from: '09:30', to: '11:00' }, { day: 7, from: '23:00', to: '01:00', categories: ['haircut'] }] },
      contact: { name: '王', phone: '13800138000' },
    });
    expect([...dutyHoursOfWeek(partner, 'repairs')].sort((a, b) => a - b)).toEqual([33, 34]);
    expect([...dutyHoursOfWeek(partner, 'haircut')].sort((a, b) => a - b)).toEqual([0, 33, 34, 167]);
    const repairsInHehua = supplyList(district, [partner]).find((row) => row.category === 'repairs' && row.communityId === 'hehua');
    expect(repairsInHehua).toMatchObject({ partners: 1, capacity: 2, freeOrLowCost: 1, dutyHoursPerWeek: 2 });
    expect(recruitmentHint(district, 'repairs', 'hehua', 34).zh).toBe('周二上午荷花社区缺维修合伙人');
  });
});
