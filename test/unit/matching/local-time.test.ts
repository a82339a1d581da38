import { describe, expect, it } from 'vitest';
import { addDays, instantOfLocal, isoWeekday, localCalendar, localDateTime, zoneOffsetMs } from '../../../lib/matching/local-time.ts';

const at = (iso: string) => Date.parse(iso);
const hourMs = 3_600_000;

describe('local time', () => {
  it('reads the Shanghai wall clock at an instant given in UTC, across the date line of UTC', () => {
    const local = localDateTime(at('2025-03-03T23:00:00Z'), 'Asia/Shanghai');

    expect(local).toEqual({ date: '2025-03-04', weekday: 2, minutes: 7 * 60 });
  });

  it('finds the instant of a Shanghai wall-clock reading', () => {
    expect(instantOfLocal('2025-03-04', 9 * 60, 'Asia/Shanghai')).toBe(at('2025-03-04T01:00:00Z'));
  });

  it('knows Berlin is one hour ahead in winter and two in summer', () => {
    expect(zoneOffsetMs(at('2025-03-29T12:00:00Z'), 'Europe/Berlin')).toBe(hourMs);
    expect(zoneOffsetMs(at('2025-03-30T12:00:00Z'), 'Europe/Berlin')).toBe(2 * hourMs);
  });

  it('moves a reading skipped by the spring-forward jump to just after the jump', () => {
    const skipped = instantOfLocal('2025-03-30', 2 * 60 + 30, 'Europe/Berlin');

    expect(new Date(skipped).toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(localDateTime(skipped, 'Europe/Berlin').minutes).toBe(3 * 60 + 30);
  });

  it('takes the later of a reading that occurs twice when clocks go back', () => {
    expect(new Date(instantOfLocal('2025-10-26', 2 * 60 + 30, 'Europe/Berlin')).toISOString()).toBe('2025-10-26T01:30:00.000Z');
  });

  it('gives 23- and 25-hour days on daylight-saving changes and places times on them', () => {
    const spring = localCalendar(at('2025-03-30T10:00:00Z'), at('2025-03-30T11:00:00Z'), 'Europe/Berlin');
    const springIndex = spring.days.findIndex((day) => day.date === '2025-03-30');
    const autumn = localCalendar(at('2025-10-26T10:00:00Z'), at('2025-10-26T11:00:00Z'), 'Europe/Berlin');
    const autumnIndex = autumn.days.findIndex((day) => day.date === '2025-10-26');

    expect(spring.days[springIndex]?.length).toBe(23 * hourMs);
    expect(autumn.days[autumnIndex]?.length).toBe(25 * hourMs);
    expect(new Date(spring.instantAt(springIndex, 6 * 60)).toISOString()).toBe('2025-03-30T04:00:00.000Z');
    expect(new Date(autumn.instantAt(autumnIndex, 6 * 60)).toISOString()).toBe('2025-10-26T05:00:00.000Z');
  });

  it('covers the day before the range and the day after it', () => {
    const calendar = localCalendar(at('2025-03-04T01:00:00Z'), at('2025-03-05T01:00:00Z'), 'Asia/Shanghai');

    expect(calendar.days.map((day) => day.date)).toEqual(['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06']);
  });

  it('does date arithmetic on local dates', () => {
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(isoWeekday('2025-03-09')).toBe(7);
  });
});
