/** Dates in the demo district's time zone (Asia/Shanghai, UTC+8, no daylight saving). */
const shanghaiOffsetMs = 8 * 3_600_000;

/** The next date (at least `minDaysAhead` days away) that falls on the given ISO weekday in Shanghai, as YYYY-MM-DD. */
export function nextShanghaiWeekday(isoWeekday: number, now = new Date(), minDaysAhead = 1): string {
  const local = new Date(now.getTime() + shanghaiOffsetMs);
  for (let ahead = minDaysAhead; ahead < minDaysAhead + 7; ahead++) {
    const day = new Date(local.getTime() + ahead * 86_400_000);
    if ((day.getUTCDay() || 7) === isoWeekday) return day.toISOString().slice(0, 10);
  }
  throw new Error('unreachable');
}

export function shanghaiWindow(date: string, from: string, to: string) {
  return { from: `${date}T${from}:00+08:00`, to: `${date}T${to}:00+08:00` };
}
