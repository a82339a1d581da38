/**
 * Wall-clock times in the district's time zone (from /catalog), whatever zone the phone is set to.
 * The API wants ISO 8601 with the offset written out, e.g. 2026-11-24T09:00:00+08:00. The zone
 * arithmetic is the matcher's own (lib/matching/local-time.ts), so the form and the duty rosters
 * read a wall-clock time the same way.
 */
import { instantOfLocal, localDateTime, zoneOffsetMs } from '../../lib/matching/local-time.ts';

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Minutes east of UTC in `timeZone` at `instant`. */
function offsetMinutes(timeZone: string, instant: number): number {
  return Math.round(zoneOffsetMs(instant, timeZone) / 60_000);
}

/** The calendar date in `timeZone` at `instant`. */
export function dateIn(timeZone: string, instant: number = Date.now()): CalendarDate {
  const [year = 1970, month = 1, day = 1] = localDateTime(instant, timeZone).date.split('-').map(Number);
  return { year, month, day };
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `YYYY-MM-DD`, the value format of `<input type="date">`. */
export function isoDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

export function parseIsoDate(value: string): CalendarDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return check.getUTCMonth() + 1 === date.month && check.getUTCDate() === date.day ? date : undefined;
}

/** The instant of a wall-clock time in `timeZone`, written with that zone's offset at that moment. */
export function zonedIso(date: CalendarDate, hour: number, minute: number, timeZone: string): { iso: string; instant: number } {
  const instant = instantOfLocal(isoDate(date), hour * 60 + minute, timeZone);
  const offset = offsetMinutes(timeZone, instant);
  const sign = offset < 0 ? '-' : '+';
  const absolute = Math.abs(offset);
  const iso = `${isoDate(date)}T${pad(hour)}:${pad(minute)}:00${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
  return { iso, instant };
}
