/** Dates and times as residents read them, in the district's time zone. */
import { type Lang, lang, langTag } from './i18n.ts';

export const defaultTimeZone = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'dateTime' | 'date' | 'time', timeZone: string, language: Lang): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}|${language}`;
  let found = formatters.get(key);
  if (!found) {
    const date: Intl.DateTimeFormatOptions = { month: 'long', day: 'numeric', weekday: 'short' };
    const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    const options = kind === 'dateTime' ? { ...date, ...time } : kind === 'date' ? date : time;
    found = new Intl.DateTimeFormat(langTag(language), { ...options, timeZone });
    formatters.set(key, found);
  }
  return found;
}

function valid(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** In the page's language, unless `language` names one (the Chinese-only console). */
export function formatDateTime(iso: string, timeZone: string = defaultTimeZone, language: Lang = lang()): string {
  const date = valid(iso);
  return date ? formatter('dateTime', timeZone, language).format(date) : iso;
}

export function formatDate(iso: string, timeZone: string = defaultTimeZone): string {
  const date = valid(iso);
  return date ? formatter('date', timeZone, lang()).format(date) : iso;
}

export function formatTime(iso: string, timeZone: string = defaultTimeZone): string {
  const date = valid(iso);
  return date ? formatter('time', timeZone, lang()).format(date) : iso;
}

/** "11月24日周二 08:00" to "12:00", or the full end when the window spans days. */
export function formatWindow(from: string, to: string, timeZone: string = defaultTimeZone): { from: string; to: string } {
  const sameDay = formatDate(from, timeZone) === formatDate(to, timeZone);
  return { from: formatDateTime(from, timeZone), to: sameDay ? formatTime(to, timeZone) : formatDateTime(to, timeZone) };
}
