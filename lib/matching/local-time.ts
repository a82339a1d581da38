/**
 * Wall-clock time in a district's time zone, with nothing but Intl.DateTimeFormat. Instants are epoch
 * milliseconds; local dates are 'YYYY-MM-DD'; times of day are minutes after local midnight.
 */

const minuteMs = 60_000;
const dayMs = 86_400_000;

export interface LocalDateTime {
  date: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local wall-clock reading at an instant, expressed as if it were a UTC instant. */
function wallClockMs(instant: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** How far the zone's clock is ahead of UTC at an instant (whole seconds; sub-second part dropped). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  return wallClockMs(wholeSecond, timeZone) - wholeSecond;
}

export function localDateTime(instant: number, timeZone: string): LocalDateTime {
  const wall = wallClockMs(instant, timeZone);
  const date = new Date(wall).toISOString().slice(0, 10);
  return { date, weekday: isoWeekday(date), minutes: Math.floor((wall % dayMs) / minuteMs) };
}

export function isoWeekday(date: string): number {
  const sundayBased = new Date(`${date}T00:00:00Z`).getUTCDay();
  return sundayBased === 0 ? 7 : sundayBased;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/**
 * The instant at which the zone's clocks read `minutes` after midnight on `date`. A reading that
 * does not exist (skipped by a daylight-saving jump) lands just after the jump, shifted by the gap;
 * a reading that occurs twice (clocks set back) gives the later occurrence.
 */
export function instantOfLocal(date: string, minutes: number, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * minuteMs;
  const firstOffset = zoneOffsetMs(wall, timeZone);
  const guess = wall - firstOffset;
  const offsetAtGuess = zoneOffsetMs(guess, timeZone);
  return offsetAtGuess === firstOffset ? guess : wall - offsetAtGuess;
}

/** One local day with its bounds as instants; `start + minutes` is exact when `length` is 24 h. */
export interface LocalDay {
  date: string;
  weekday: number;
  start: number;
  /** 24 h, or 23 h / 25 h on a daylight-saving change. */
  length: number;
}

/**
 * The local days from the day before `from` through the day after `to`, so that a duty slot that
 * started the evening before `from` and one that ends after midnight following `to` can be placed.
 * Built once per ranking and shared by all candidates, so that placing a slot is arithmetic.
 */
export interface LocalCalendar {
  timeZone: string;
  days: LocalDay[];
  /** Instant of `minutes` after midnight of days[dayIndex]; minutes may run into the next day (< 2880). */
  instantAt(dayIndex: number, minutes: number): number;
}

export function localCalendar(from: number, to: number, timeZone: string): LocalCalendar {
  const firstDate = addDays(localDateTime(from, timeZone).date, -1);
  const lastDate = addDays(localDateTime(Math.max(from, to), timeZone).date, 2);
  const starts: { date: string; start: number }[] = [];
  for (let date = firstDate; date <= lastDate; date = addDays(date, 1)) {
    starts.push({ date, start: instantOfLocal(date, 0, timeZone) });
  }
  const days: LocalDay[] = [];
  for (let index = 0; index + 1 < starts.length; index += 1) {
    const today = starts[index];
    const tomorrow = starts[index + 1];
    if (!today || !tomorrow) break;
    days.push({ date: today.date, weekday: isoWeekday(today.date), start: today.start, length: tomorrow.start - today.start });
  }

  function instantAt(dayIndex: number, minutes: number): number {
    const day = days[dayIndex];
    if (!day) throw new RangeError(`day ${dayIndex} is outside the calendar`);
    if (minutes >= 1440) {
      const next = days[dayIndex + 1];
      return next ? instantAt(dayIndex + 1, minutes - 1440) : day.start + day.length + (minutes - 1440) * minuteMs;
    }
    return day.length === dayMs ? day.start + minutes * minuteMs : instantOfLocal(day.date, minutes, timeZone);
  }

  return { timeZone, days, instantAt };
}

/** 'HH:MM' → minutes after midnight. */
export function minutesOfClock(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}
