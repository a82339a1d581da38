/**
 * A duty roster compiled for the matcher: clock strings read once into minutes, weekly slots grouped
 * by weekday, dated exceptions indexed by date. Ranking asks every candidate whether it is on duty;
 * reading 'HH:MM' strings and searching the exceptions for every candidate and every day dominated
 * that check, so it is done once per schedule object and kept (a WeakMap, so it goes with the
 * schedule). Schedules are never changed in place (a roster change writes a new partner), which is
 * what makes keying by the object safe.
 */
import type { DutySchedule } from '../partners/partner.ts';
import { minutesOfClock } from './local-time.ts';

/** A slot as minutes after local midnight of its day; `end` is past 1440 when it runs into the next day. */
export interface CompiledSlot {
  from: number;
  end: number;
  categories: readonly string[] | undefined;
}

export interface CompiledRoster {
  alwaysAvailable: boolean;
  /** Weekly slots by ISO weekday (index 1 = Monday … 7 = Sunday; 0 unused), in the schedule's order. */
  weekly: readonly (readonly CompiledSlot[])[];
  /**
   * The first exception of each date: the slots it makes available (each ending at midnight at the
   * latest), none when it makes the day unavailable.
   */
  exceptions: ReadonlyMap<string, readonly CompiledSlot[]>;
}

const wholeDay = 1440;
const compiled = new WeakMap<DutySchedule, CompiledRoster>();
const noSlots: readonly CompiledSlot[] = [];
const noExceptions: ReadonlyMap<string, readonly CompiledSlot[]> = new Map();

export function compileRoster(schedule: DutySchedule): CompiledRoster {
  const weekly: (readonly CompiledSlot[])[] = [noSlots, noSlots, noSlots, noSlots, noSlots, noSlots, noSlots, noSlots];
  for (const slot of schedule.weekly) {
    const from = minutesOfClock(slot.from);
    const to = minutesOfClock(slot.to);
    weekly[slot.day] = [...(weekly[slot.day] ?? noSlots), { from, end: to > from ? to : to + wholeDay, categories: slot.categories }];
  }
  if (schedule.exceptions.length === 0) return { alwaysAvailable: schedule.alwaysAvailable, weekly, exceptions: noExceptions };
  const exceptions = new Map<string, CompiledSlot[]>();
  for (const exception of schedule.exceptions) {
    if (exceptions.has(exception.date)) continue;
    const slots = exception.available ? (exception.slots ?? [{ from: '00:00', to: '00:00' }]) : [];
    exceptions.set(
      exception.date,
      slots.map((slot) => {
        const from = minutesOfClock(slot.from);
        const to = minutesOfClock(slot.to);
        return { from, end: to > from ? to : wholeDay, categories: undefined };
      }),
    );
  }
  return { alwaysAvailable: schedule.alwaysAvailable, weekly, exceptions };
}

/** The schedule's compiled roster, compiled on first use and kept with the schedule object. */
export function compiledRosterOf(schedule: DutySchedule): CompiledRoster {
  let roster = compiled.get(schedule);
  if (!roster) {
    roster = compileRoster(schedule);
    compiled.set(schedule, roster);
  }
  return roster;
}
