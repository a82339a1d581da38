/** Dates and times as residents read them, in the district's time zone. */
import { lang, langTag } from './i18n.ts';

export const defaultTimeZone = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'dateTime' | 'date' | 'time', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}|${lang()}`;
  let found = formatters.get(key);
  if (!found) {
    const date: Intl.DateTimeFormatOptions = { month: 'long', day: 'numeric', weekday: 'short' };
    const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    const options = kind === 'dateTime' ? { ...date, ...time } : kind === 'date' ? date : time;
    found = new Intl.DateTimeFormat(langTag(), { ...options, timeZone });
    formatters.set(key, found);
  }
  return found;
}

function valid(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function formatDateTime(iso: string, timeZone: string = defaultTimeZone): string {
  const date = valid(iso);
  return date ? formatter('dateTime', timeZone).format(date) : iso;
}

export function formatDate(iso: string, timeZone: string = defaultTimeZone): string {
  const date = valid(iso);
  return date ? formatter('date', timeZone).format(date) : iso;
}

export function formatTime(iso: string, timeZone: string = defaultTimeZone): string {
  const date = valid(iso);
  return date ? formatter('time', timeZone).format(date) : iso;
}

/** "11月24日周二 08:00" to "12:00", or the full end when the window spans days. */
export function formatWindow(from: string, to: string, timeZone: string = defaultTimeZone): { from: string; to: string } {
  const sameDay = formatDate(from, timeZone) === formatDate(to, timeZone);
  return { from: formatDateTime(from, timeZone), to: sameDay ? formatTime(to, timeZone) : formatDateTime(to, timeZone) };
}
