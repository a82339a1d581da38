/**
 * When a partner is on duty (值班), from its weekly slots and dated exceptions, read in the district's
 * time zone. The rules:
 *
 * - A weekly slot belongs to the local day it starts on; one whose `to` is not after its `from`
 *   runs past midnight into the next day ('22:00'–'06:00'; '00:00'–'00:00' is the whole day).
 * - A slot with `categories` counts only for needs of those categories.
 * - `alwaysAvailable` stands for a whole-day slot every day, in place of the weekly slots.
 * - A dated exception speaks for its whole local date: the weekly slots starting that day are
 *   dropped, a slot running in from the evening before stops at midnight, and the exception's own
 *   slots (or the whole day, when it is available with no slots; nothing, when unavailable) apply.
 *   An exception slot never runs past its date: a `to` not after `from` means until midnight.
 */
import type { ServiceCategoryCode } from '../catalog/service-categories.ts';
import type { DutySchedule } from '../partners/partner.ts';
import { compiledRosterOf } from './compiled-roster.ts';
import { type LocalCalendar, localCalendar } from './local-time.ts';
import { countSteps, type StepCounter } from './step-counter.ts';

export interface TimeRange {
  from: number;
  to: number;
}

const wholeDay = 1440;

/**
 * Calls `visit` with each duty interval [start, end) placed on the calendar, day by day (intervals
 * may overlap and are not merged). Stops early when `visit` returns true. Bounded: the calendar's
 * days (the window's limits) × the roster's slots and exceptions (the partner schema's limits).
 */
function visitDutyIntervals(
  schedule: DutySchedule,
  category: ServiceCategoryCode | undefined,
  calendar: LocalCalendar,
  visit: (start: number, end: number) => boolean,
  steps?: StepCounter,
): void {
  const roster = compiledRosterOf(schedule);
  const { days } = calendar;
  const { exceptions } = roster;
  const anyExceptions = exceptions.size > 0;
  for (let index = 0; index < days.length; index += 1) {
    const day = days[index];
    if (!day) continue;
    // The day itself, the search of the exceptions (twice: this day's, and the next day's for the cut) and the weekly slots.
    if (steps) countSteps(steps, 1 + 2 * schedule.exceptions.length + (schedule.alwaysAvailable ? 1 : schedule.weekly.length));
    const exception = anyExceptions ? exceptions.get(day.date) : undefined;
    if (exception) {
      if (steps) countSteps(steps, exception.length);
      for (const slot of exception) {
        if (visit(calendar.instantAt(index, slot.from), calendar.instantAt(index, slot.end))) return;
      }
      continue;
    }
    const nextDay = days[index + 1];
    const cutAt = anyExceptions && nextDay && exceptions.has(nextDay.date) ? nextDay.start : Number.POSITIVE_INFINITY;
    if (roster.alwaysAvailable) {
      if (visit(day.start, Math.min(calendar.instantAt(index, wholeDay), cutAt))) return;
      continue;
    }
    for (const slot of roster.weekly[day.weekday] ?? []) {
      if (category && slot.categories && !slot.categories.includes(category)) continue;
      const end = Math.min(calendar.instantAt(index, slot.end), cutAt);
      if (visit(calendar.instantAt(index, slot.from), end)) return;
    }
  }
}

/** Whether the partner is on duty for some positive stretch of the range. The calendar must cover it. */
export function dutyOverlaps(
  schedule: DutySchedule,
  category: ServiceCategoryCode | undefined,
  range: TimeRange,
  calendar: LocalCalendar,
  steps?: StepCounter,
): boolean {
  if (range.to <= range.from) return false;
  let found = false;
  visitDutyIntervals(
    schedule,
    category,
    calendar,
    (start, end) => {
      found = start < range.to && end > range.from && start < end;
      return found;
    },
    steps,
  );
  return found;
}

/**
 * The first stretch of the range during which the partner is on duty: from the earliest instant on
 * duty to the end of that unbroken stretch (adjoining slots merged), both clipped to the range.
 */
export function firstDutyStretch(
  schedule: DutySchedule,
  category: ServiceCategoryCode | undefined,
  range: TimeRange,
  calendar: LocalCalendar,
  steps?: StepCounter,
): TimeRange | undefined {
  if (range.to <= range.from) return undefined;
  const intervals: TimeRange[] = [];
  visitDutyIntervals(
    schedule,
    category,
    calendar,
    (start, end) => {
      if (start < range.to && end > range.from && start < end) intervals.push({ from: start, to: end });
      return false;
    },
    steps,
  );
  if (intervals.length === 0) return undefined;
  // Sorting n intervals: about n log2 n comparisons, then one pass to merge.
  countSteps(steps, Math.ceil(intervals.length * Math.log2(intervals.length + 1)) + intervals.length);
  intervals.sort((left, right) => left.from - right.from);
  const [first, ...rest] = intervals;
  if (!first) return undefined;
  let until = first.to;
  for (const interval of rest) {
    if (interval.from > until) break;
    until = Math.max(until, interval.to);
  }
  return { from: Math.max(first.from, range.from), to: Math.min(until, range.to) };
}

export function isOnDutyAt(schedule: DutySchedule, instant: number, timeZone: string, category?: ServiceCategoryCode): boolean {
  const range = { from: instant, to: instant + 1 };
  return dutyOverlaps(schedule, category, range, localCalendar(range.from, range.to, timeZone));
}

export function isOnDutyDuring(schedule: DutySchedule, window: TimeRange, timeZone: string, category?: ServiceCategoryCode): boolean {
  return dutyOverlaps(schedule, category, window, localCalendar(window.from, window.to, timeZone));
}

/** The earliest instant at or after `after` (and before `until`) when the partner is on duty. */
export function earliestOnDuty(
  schedule: DutySchedule,
  after: number,
  until: number,
  timeZone: string,
  category?: ServiceCategoryCode,
): number | undefined {
  const range = { from: after, to: until };
  return firstDutyStretch(schedule, category, range, localCalendar(after, until, timeZone))?.from;
}
