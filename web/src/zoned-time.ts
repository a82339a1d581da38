/**
 * Wall-clock times in the district's time zone (from /catalog), whatever zone the phone is set to.
 * The API wants ISO 8601 with the offset written out, e.g. 2026-11-24T09:00:00+08:00.
 */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClockParts(timeZone: string, instant: number) {
  let formatter = partFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Minutes east of UTC in `timeZone` at `instant`. */
export function offsetMinutes(timeZone: string, instant: number): number {
  const wall = wallClockParts(timeZone, instant);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((wallAsUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** The calendar date in `timeZone` at `instant`. */
export function dateIn(timeZone: string, instant: number = Date.now()): CalendarDate {
  const { year, month, day } = wallClockParts(timeZone, instant);
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
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // Two passes settle the offset across a daylight-saving change (China has none, other districts may).
  let offset = offsetMinutes(timeZone, wallAsUtc);
  offset = offsetMinutes(timeZone, wallAsUtc - offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const absolute = Math.abs(offset);
  const iso = `${isoDate(date)}T${pad(hour)}:${pad(minute)}:00${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
  return { iso, instant: wallAsUtc - offset * 60_000 };
}
