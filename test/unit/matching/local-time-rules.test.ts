import { describe, expect, it } from 'vitest';
import { localCalendar, localDateTime, minutesOfClock, zoneOffsetMs } from '../../../lib/matching/local-time.ts';

const at = (iso: string) => Date.parse(iso);
const hourMs = 3_600_000;

describe('local time to the minute', () => {
  it('reads an offset in whole seconds whatever the milliseconds of the instant', () => {
    expect(zoneOffsetMs(at('2025-03-04T01:00:00.999Z'), 'Asia/Shanghai')).toBe(8 * hourMs);
    expect(zoneOffsetMs(at('2025-03-04T01:00:00.001Z'), 'Europe/Berlin')).toBe(hourMs);
  });

  it('counts whole minutes after local midnight, seconds dropped', () => {
    expect(localDateTime(at('2025-03-04T01:00:59Z'), 'Asia/Shanghai').minutes).toBe(9 * 60);
    expect(localDateTime(at('2025-03-04T15:59:59Z'), 'Asia/Shanghai')).toEqual({ date: '2025-03-04', weekday: 2, minutes: 23 * 60 + 59 });
    expect(localDateTime(at('2025-03-04T16:00:00Z'), 'Asia/Shanghai')).toEqual({ date: '2025-03-05', weekday: 3, minutes: 0 });
  });

  it('reads hours and minutes of a clock', () => {
    expect(['00:00', '08:30', '13:05', '23:59'].map(minutesOfClock)).toEqual([0, 510, 785, 1439]);
  });
});

describe('a local calendar', () => {
  const calendar = localCalendar(at('2025-03-04T01:00:00Z'), at('2025-03-04T03:00:00Z'), 'Asia/Shanghai');

  it('holds 24-hour days starting at local midnight, with their weekdays', () => {
    expect(calendar.days).toEqual([
      { date: '2025-03-03', weekday: 1, start: at('2025-03-02T16:00:00Z'), length: 24 * hourMs },
      { date: '2025-03-04', weekday: 2, start: at('2025-03-03T16:00:00Z'), length: 24 * hourMs },
      { date: '2025-03-05', weekday: 3, start: at('2025-03-04T16:00:00Z'), length: 24 * hourMs },
    ]);
  });

  it('places minutes past midnight on the next day, even after its last day', () => {
    expect(calendar.instantAt(1, 1440 + 90)).toBe(at('2025-03-04T17:30:00Z'));
    expect(calendar.instantAt(2, 1440 + 90)).toBe(at('2025-03-05T17:30:00Z'));
  });

  it('refuses a day outside it', () => {
    expect(() => calendar.instantAt(3, 0)).toThrow(RangeError);
  });

  it('covers a reversed range from its start', () => {
    const reversed = localCalendar(at('2025-03-04T01:00:00Z'), at('2025-03-01T01:00:00Z'), 'Asia/Shanghai');

    expect(reversed.days.map((day) => day.date)).toEqual(['2025-03-03', '2025-03-04', '2025-03-05']);
  });
});
