/**
 * The three lists (三张清单) from the report counters: demand (需求清单) per category × community,
 * supply (资源清单) from the active partners and their weekly duty, and the gap per category ×
 * community × hour of the week against duty coverage, ranked, with the recruitment hint (招募令).
 * Pure: the counters and partners come in, the rows go out.
 */
import { serviceCategories } from '../catalog/service-categories.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { enabledCategories, findCommunity } from '../district/district-lookups.ts';
import { minutesOfClock } from '../matching/local-time.ts';
import type { Partner } from '../partners/partner.ts';
import {
  addCounters,
  type CellAddress,
  type Counters,
  counterNames,
  durationBucketsMinutes,
  type Milestone,
  milestones,
} from './report-counters.ts';
import { type DemandCounts, suppliesCommunity } from './supply-demand.ts';

export const hoursPerWeek = 168;

export interface CountedCell extends CellAddress {
  counters: Counters;
}

export interface DemandRow {
  category: string;
  communityId: string;
  /** Only in a list by grid: the grid, or null for the community's needs that named none. */
  gridId?: string | null;
  posted: number;
  byStatus: Record<string, number>;
  /** Upper bound of the bucket holding the median, in minutes; null when no need reached it. */
  medianMinutes: Record<Milestone, number | null>;
  completionRate: number | null;
  escalationRate: number | null;
  satisfactionRate: number | null;
  meanStars: number | null;
}

export interface SupplyRow {
  category: string;
  communityId: string;
  partners: number;
  capacity: number;
  freeOrLowCost: number;
  dutyHoursPerWeek: number;
  /** Partners on duty in each hour of the week (0 = Monday 00:00 local). */
  onDutyByHourOfWeek: number[];
}

export interface GapRow {
  /** 1 = the most pressing gap. */
  rank: number;
  category: string;
  communityId: string;
  hourOfWeek: number;
  waiting: number;
  escalated: number;
  unmet: number;
  onDuty: number;
  recruit: { zh: string; en: string } | null;
}

const statusNames = ['submitted', 'offered', 'accepted', 'started', 'completed', 'escalated', 'cancelled', 'closed'] as const;

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

/** The upper bound of the histogram bucket that holds the median; null for an empty histogram. */
export function medianBucketMinutes(counters: Counters, milestone: Milestone): number | null {
  const counts = [...durationBucketsMinutes, Number.POSITIVE_INFINITY].map((_, bucket) => counters[counterNames.duration(milestone, bucket)] ?? 0);
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const [bucket, count] of counts.entries()) {
    seen += count;
    if (seen * 2 >= total) return durationBucketsMinutes[bucket] ?? null;
  }
  return null;
}

function serviceCodes(district: DistrictConfig): string[] {
  return enabledCategories(district)
    .filter((category) => !('escalateOnly' in category))
    .map((category) => category.code);
}

function sumBy<Key extends string>(cells: readonly CountedCell[], keyOf: (cell: CountedCell) => Key): Map<Key, Counters> {
  const sums = new Map<Key, Counters>();
  for (const cell of cells) {
    const key = keyOf(cell);
    sums.set(key, addCounters(sums.get(key) ?? {}, cell.counters));
  }
  return sums;
}

/** Per category × community, or per category × community × grid with `byGrid`. */
export function demandList(district: DistrictConfig, cells: readonly CountedCell[], byGrid = false): DemandRow[] {
  const sums = sumBy(cells, (cell) => `${cell.category}|${cell.communityId}${byGrid ? `|${cell.gridId ?? ''}` : ''}`);
  const rows: DemandRow[] = [];
  const categories = enabledCategories(district).map((category) => category.code as string);
  for (const key of [...sums.keys()].sort()) {
    const [category = '', communityId = '', gridId = ''] = key.split('|');
    const counters = sums.get(key) ?? {};
    const posted = counters[counterNames.posted] ?? 0;
    if (posted === 0 && !categories.includes(category)) continue;
    const rated = counters[counterNames.rated] ?? 0;
    rows.push({
      category,
      communityId,
      ...(byGrid ? { gridId: gridId || null } : {}),
      posted,
      byStatus: Object.fromEntries(statusNames.map((status) => [status, counters[counterNames.status(status)] ?? 0])),
      medianMinutes: Object.fromEntries(milestones.map((milestone) => [milestone, medianBucketMinutes(counters, milestone)])) as DemandRow['medianMinutes'],
      completionRate: rate((counters[counterNames.status('completed')] ?? 0) + (counters[counterNames.status('closed')] ?? 0), posted),
      escalationRate: rate(counters[counterNames.everEscalated] ?? 0, posted),
      satisfactionRate: rate(counters[counterNames.satisfied] ?? 0, rated),
      meanStars: rated > 0 ? Math.round(((counters[counterNames.starsSum] ?? 0) / rated) * 100) / 100 : null,
    });
  }
  return rows.filter((row) => row.posted > 0);
}

/** Hours of the week (0..167) a partner is on duty for a category, from its weekly roster. */
export function dutyHoursOfWeek(partner: Partner, category: string): Set<number> {
  const hours = new Set<number>();
  if (partner.schedule.alwaysAvailable) {
    for (let hour = 0; hour < hoursPerWeek; hour++) hours.add(hour);
    return hours;
  }
  for (const slot of partner.schedule.weekly) {
    if (slot.categories && !(slot.categories as readonly string[]).includes(category)) continue;
    const from = (slot.day - 1) * 24 * 60 + minutesOfClock(slot.from);
    let to = (slot.day - 1) * 24 * 60 + minutesOfClock(slot.to);
    if (to <= from) to += 24 * 60;
    // An hour counts when the slot covers any part of it.
    for (let minute = Math.floor(from / 60) * 60; minute < to; minute += 60) hours.add(Math.floor(minute / 60) % hoursPerWeek);
  }
  return hours;
}

export function supplyList(district: DistrictConfig, partners: readonly Partner[]): SupplyRow[] {
  const rows: SupplyRow[] = [];
  for (const category of serviceCodes(district)) {
    for (const community of district.communities) {
      const row: SupplyRow = { category, communityId: community.id, partners: 0, capacity: 0, freeOrLowCost: 0, dutyHoursPerWeek: 0, onDutyByHourOfWeek: new Array(hoursPerWeek).fill(0) };
      for (const partner of partners) {
        if (!partner.capabilities.some((capability) => capability.category === category) || !suppliesCommunity(partner, community)) continue;
        row.partners += 1;
        row.capacity += partner.capacity;
        if (partner.priceMode !== 'market') row.freeOrLowCost += 1;
        for (const hour of dutyHoursOfWeek(partner, category)) row.onDutyByHourOfWeek[hour] = (row.onDutyByHourOfWeek[hour] ?? 0) + 1;
      }
      row.dutyHoursPerWeek = row.onDutyByHourOfWeek.reduce((sum, count) => sum + count, 0);
      rows.push(row);
    }
  }
  return rows;
}

const weekdays = {
  zh: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

function partOfDay(hour: number): { zh: string; en: string } {
  if (hour < 6) return { zh: '凌晨', en: 'early morning' };
  if (hour < 12) return { zh: '上午', en: 'morning' };
  if (hour < 18) return { zh: '下午', en: 'afternoon' };
  return { zh: '晚上', en: 'evening' };
}

/** 招募令 in plain words: "周二上午荷花社区缺维修合伙人". */
export function recruitmentHint(district: DistrictConfig, category: string, communityId: string, hourOfWeek: number): { zh: string; en: string } {
  const day = Math.floor(hourOfWeek / 24);
  const part = partOfDay(hourOfWeek % 24);
  const community = findCommunity(district, communityId)?.name ?? { zh: communityId, en: communityId };
  const label = serviceCategories.find((entry) => entry.code === category)?.label ?? { zh: category, en: category };
  return {
    zh: `${weekdays.zh[day]}${part.zh}${community.zh}缺${label.zh}合伙人`,
    en: `${weekdays.en[day]} ${part.en}: ${community.en} needs ${label.en.toLowerCase()} partners`,
  };
}

/**
 * Cells with needs waiting, escalated or unmet, set against the partners on duty in that hour,
 * ranked: most unmet and escalated first, then least covered. A cell calls for recruiting when it
 * has unmet or escalated needs and nobody on duty, or more unmet needs than partners on duty.
 */
export function gapList(district: DistrictConfig, cells: readonly CountedCell[], supply: readonly SupplyRow[]): GapRow[] {
  const sums = sumBy(cells, (cell) => `${cell.category}|${cell.communityId}|${cell.hourOfWeek}`);
  const coverage = new Map(supply.map((row) => [`${row.category}|${row.communityId}`, row.onDutyByHourOfWeek]));
  const rows: GapRow[] = [];
  for (const [key, counters] of sums) {
    const [category = '', communityId = '', hour = '0'] = key.split('|');
    const hourOfWeek = Number(hour);
    const waiting = (counters[counterNames.status('submitted')] ?? 0) + (counters[counterNames.status('offered')] ?? 0);
    const escalated = counters[counterNames.status('escalated')] ?? 0;
    const unmet = counters[counterNames.unmet] ?? 0;
    if (waiting + escalated + unmet === 0) continue;
    const onDuty = coverage.get(`${category}|${communityId}`)?.[hourOfWeek] ?? 0;
    const shortOfPartners = (escalated + unmet > 0 && onDuty === 0) || unmet > onDuty;
    rows.push({ rank: 0, category, communityId, hourOfWeek, waiting, escalated, unmet, onDuty, recruit: shortOfPartners ? recruitmentHint(district, category, communityId, hourOfWeek) : null });
  }
  return rows
    .sort(
    (a, b) =>
      b.unmet - a.unmet ||
      b.escalated - a.escalated ||
      b.waiting - a.waiting ||
      a.onDuty - b.onDuty ||
      a.hourOfWeek - b.hourOfWeek ||
      `${a.category}${a.communityId}`.localeCompare(`${b.category}${b.communityId}`),
    )
    .map((row, index) => ({ ...row, rank: index + 1 }));
}

/** The counters summed per category × community, in the older supply-and-demand report's terms. */
export function demandCountsOf(cells: readonly CountedCell[]): DemandCounts[] {
  const sums = sumBy(cells, (cell) => `${cell.category}|${cell.communityId}`);
  return [...sums].map(([key, counters]) => {
    const [category = '', communityId = ''] = key.split('|');
    const count = (status: (typeof statusNames)[number]) => counters[counterNames.status(status)] ?? 0;
    return {
      category,
      communityId,
      needs: counters[counterNames.posted] ?? 0,
      offered: count('offered'),
      served: count('accepted') + count('started') + count('completed') + count('closed'),
      completed: count('completed') + count('closed'),
      unmet: counters[counterNames.unmet] ?? 0,
      cancelled: count('cancelled'),
    };
  });
}
