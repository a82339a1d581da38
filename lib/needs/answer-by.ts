/**
 * "最晚今天10:40前答复": when the offered partner answers at the latest, in the resident's words and
 * the district's time zone, relative to today (今天, 明天, 后天, else the date).
 */
import { addDays, localDateTime } from '../matching/local-time.ts';

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function answerByLabel(deadline: string, now: Date, timeZone: string): { zh: string; en: string } {
  const due = localDateTime(Date.parse(deadline), timeZone);
  const today = localDateTime(now.getTime(), timeZone).date;
  const at = clock(due.minutes);
  const [, month, day] = due.date.split('-').map(Number);
  const zhDay = due.date === today ? '今天' : due.date === addDays(today, 1) ? '明天' : due.date === addDays(today, 2) ? '后天' : `${month}月${day}日`;
  const enDay = due.date === today ? 'today' : due.date === addDays(today, 1) ? 'tomorrow' : `on ${due.date}`;
  return { zh: `最晚${zhDay}${at}前答复`, en: `The partner answers by ${at} ${enDay} at the latest` };
}
