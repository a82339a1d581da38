import { describe, expect, it } from 'vitest';
import { dutyOverlaps, earliestOnDuty, firstDutyStretch, isOnDutyAt, isOnDutyDuring } from '../../../lib/matching/duty-schedule.ts';
import { localCalendar } from '../../../lib/matching/local-time.ts';
import { type DutySchedule, dutyScheduleSchema } from '../../../lib/partners/partner.ts';

const shanghai = 'Asia/Shanghai';
/** An instant given as Shanghai wall-clock time on a date in March 2025 (Tuesday is the 4th). */
const local = (date: string, clock: string) => Date.parse(`${date}T${clock}:00+08:00`);
const schedule = (input: Partial<DutySchedule>): DutySchedule => dutyScheduleSchema.parse(input);
const stretchOf = (duty: DutySchedule, from: number, to: number) =>
  firstDutyStretch(duty, 'repairs', { from, to }, localCalendar(from, to, shanghai));

describe('duty clocks are read to the minute', () => {
  const tuesdayHalfPast = schedule({ weekly: [{ day: 2, from: '08:30', to: '11:45' }] });

  it('starts at the slot minute, not at its hour', () => {
    expect(isOnDutyAt(tuesdayHalfPast, local('2025-03-04', '08:29'), shanghai)).toBe(false);
    expect(isOnDutyAt(tuesdayHalfPast, local('2025-03-04', '08:30'), shanghai)).toBe(true);
  });

  it('ends at the slot minute, not at its hour', () => {
    expect(isOnDutyAt(tuesdayHalfPast, local('2025-03-04', '11:44'), shanghai)).toBe(true);
    expect(isOnDutyAt(tuesdayHalfPast, local('2025-03-04', '11:45'), shanghai)).toBe(false);
  });

  it('places the first stretch at the minutes of the slot', () => {
    expect(stretchOf(tuesdayHalfPast, local('2025-03-04', '06:00'), local('2025-03-04', '20:00'))).toEqual({
      from: local('2025-03-04', '08:30'),
      to: local('2025-03-04', '11:45'),
    });
  });

  it('reads minutes in a slot across midnight and in an exception slot', () => {
    const nights = schedule({
      weekly: [{ day: 2, from: '22:15', to: '01:40' }],
      exceptions: [{ date: '2025-03-06', available: true, slots: [{ from: '13:20', to: '14:50' }] }],
    });

    expect(isOnDutyAt(nights, local('2025-03-04', '22:14'), shanghai)).toBe(false);
    expect(isOnDutyAt(nights, local('2025-03-05', '01:39'), shanghai)).toBe(true);
    expect(isOnDutyAt(nights, local('2025-03-05', '01:40'), shanghai)).toBe(false);
    expect(isOnDutyAt(nights, local('2025-03-06', '13:19'), shanghai)).toBe(false);
    expect(isOnDutyAt(nights, local('2025-03-06', '13:20'), shanghai)).toBe(true);
    expect(isOnDutyAt(nights, local('2025-03-06', '14:49'), shanghai)).toBe(true);
    expect(isOnDutyAt(nights, local('2025-03-06', '14:50'), shanghai)).toBe(false);
  });
});

describe('a dated exception slot is bounded', () => {
  const thursdayMorningOnly = schedule({
    weekly: [{ day: 4, from: '00:00', to: '00:00' }],
    exceptions: [{ date: '2025-03-06', available: true, slots: [{ from: '09:00', to: '11:00' }] }],
  });

  it('ends at its own end, not at midnight', () => {
    expect(isOnDutyAt(thursdayMorningOnly, local('2025-03-06', '10:59'), shanghai)).toBe(true);
    expect(isOnDutyAt(thursdayMorningOnly, local('2025-03-06', '11:00'), shanghai)).toBe(false);
    expect(isOnDutyAt(thursdayMorningOnly, local('2025-03-06', '23:00'), shanghai)).toBe(false);
  });

  it('begins at its own start, not at midnight', () => {
    expect(isOnDutyAt(thursdayMorningOnly, local('2025-03-06', '08:59'), shanghai)).toBe(false);
  });

  it('ends a slot whose end is not after its start at midnight of its date, not the next day', () => {
    const lateException = schedule({ exceptions: [{ date: '2025-03-06', available: true, slots: [{ from: '21:00', to: '03:00' }] }] });

    expect(isOnDutyAt(lateException, local('2025-03-06', '20:59'), shanghai)).toBe(false);
    expect(isOnDutyAt(lateException, local('2025-03-06', '23:59'), shanghai)).toBe(true);
    expect(isOnDutyAt(lateException, local('2025-03-07', '00:30'), shanghai)).toBe(false);
    expect(stretchOf(lateException, local('2025-03-06', '12:00'), local('2025-03-07', '12:00'))).toEqual({
      from: local('2025-03-06', '21:00'),
      to: local('2025-03-07', '00:00'),
    });
  });

  it('keeps an unavailable date off even when it lists slots', () => {
    const off = schedule({
      exceptions: [{ date: '2025-03-06', available: false, slots: [{ from: '09:00', to: '11:00' }] }],
      alwaysAvailable: true,
    });

    expect(isOnDutyAt(off, local('2025-03-06', '10:00'), shanghai)).toBe(false);
    expect(isOnDutyAt(off, local('2025-03-05', '10:00'), shanghai)).toBe(true);
  });

  it('applies only to its own date', () => {
    expect(isOnDutyAt(thursdayMorningOnly, local('2025-03-13', '23:00'), shanghai)).toBe(true);
  });

  it('cuts an always-available day at the midnight before an exception date', () => {
    const always = schedule({ alwaysAvailable: true, exceptions: [{ date: '2025-03-06', available: false }] });

    expect(stretchOf(always, local('2025-03-05', '20:00'), local('2025-03-06', '12:00'))).toEqual({
      from: local('2025-03-05', '20:00'),
      to: local('2025-03-06', '00:00'),
    });
  });
  it('lets an always-available stretch run only until the next exception date', () => {
    const always = schedule({ alwaysAvailable: true, exceptions: [{ date: '2025-03-06', available: false }] });

    expect(stretchOf(always, local('2025-03-04', '10:00'), local('2025-03-07', '12:00'))).toEqual({
      from: local('2025-03-04', '10:00'),
      to: local('2025-03-06', '00:00'),
    });
    expect(isOnDutyDuring(always, { from: local('2025-03-06', '09:00'), to: local('2025-03-06', '18:00') }, shanghai)).toBe(false);
  });
});

describe('slots saved out of order', () => {
  const unsorted = schedule({
    weekly: [
      { day: 2, from: '14:00', to: '16:00' },
      { day: 2, from: '08:00', to: '10:00' },
      { day: 2, from: '10:00', to: '11:30' },
    ],
  });

  it('give the earliest stretch first, merged with the slot that adjoins it', () => {
    expect(stretchOf(unsorted, local('2025-03-04', '07:00'), local('2025-03-04', '20:00'))).toEqual({
      from: local('2025-03-04', '08:00'),
      to: local('2025-03-04', '11:30'),
    });
  });

  it('give the earliest instant on duty', () => {
    expect(earliestOnDuty(unsorted, local('2025-03-04', '07:00'), local('2025-03-04', '20:00'), shanghai)).toBe(
      local('2025-03-04', '08:00'),
    );
  });

  it('do not merge slots with a gap between them', () => {
    expect(stretchOf(unsorted, local('2025-03-04', '12:00'), local('2025-03-04', '20:00'))).toEqual({
      from: local('2025-03-04', '14:00'),
      to: local('2025-03-04', '16:00'),
    });
  });

  it('merge an overlapping slot that ends earlier without shortening the stretch', () => {
    const nested = schedule({
      weekly: [
        { day: 2, from: '09:00', to: '10:00' },
        { day: 2, from: '08:00', to: '12:00' },
      ],
    });

    expect(stretchOf(nested, local('2025-03-04', '07:00'), local('2025-03-04', '20:00'))).toEqual({
      from: local('2025-03-04', '08:00'),
      to: local('2025-03-04', '12:00'),
    });
  });
});

describe('the touching-shift edge', () => {
  const morning = schedule({ weekly: [{ day: 2, from: '08:00', to: '10:00' }] });

  it('is off duty at the instant a shift ends', () => {
    expect(isOnDutyAt(morning, local('2025-03-04', '10:00'), shanghai)).toBe(false);
    expect(isOnDutyAt(morning, local('2025-03-04', '10:00') - 1, shanghai)).toBe(true);
  });

  it('is not on duty in a window that starts when the shift ends or ends when it starts', () => {
    expect(isOnDutyDuring(morning, { from: local('2025-03-04', '10:00'), to: local('2025-03-04', '12:00') }, shanghai)).toBe(false);
    expect(isOnDutyDuring(morning, { from: local('2025-03-04', '06:00'), to: local('2025-03-04', '08:00') }, shanghai)).toBe(false);
    expect(isOnDutyDuring(morning, { from: local('2025-03-04', '06:00'), to: local('2025-03-04', '08:01') }, shanghai)).toBe(true);
    expect(isOnDutyDuring(morning, { from: local('2025-03-04', '09:59'), to: local('2025-03-04', '12:00') }, shanghai)).toBe(true);
  });

  it('has no stretch in an empty or reversed range', () => {
    const from = local('2025-03-04', '09:00');
    const calendar = localCalendar(from, from, shanghai);

    expect(firstDutyStretch(morning, 'repairs', { from, to: from }, calendar)).toBeUndefined();
    expect(dutyOverlaps(morning, 'repairs', { from, to: from }, calendar)).toBe(false);
    expect(dutyOverlaps(morning, 'repairs', { from, to: from - 1 }, calendar)).toBe(false);
  });

  it('finds no stretch in a range that touches the shift only at its end', () => {
    expect(stretchOf(morning, local('2025-03-04', '10:00'), local('2025-03-04', '12:00'))).toBeUndefined();
  });
});

describe('two dated exceptions for one date', () => {
  // The schema allows it (an operator adds a holiday, then a shortened day for the same date): the first one listed speaks for the date.
  it('are read as the first one says, whichever way round', () => {
    const holiday = { date: '2025-03-04', available: false, reason: '休假' };
    const morning = { date: '2025-03-04', available: true, slots: [{ from: '09:00', to: '12:00' }] };
    const holidayFirst = schedule({ alwaysAvailable: true, exceptions: [holiday, morning] });
    const morningFirst = schedule({ alwaysAvailable: true, exceptions: [morning, holiday] });

    expect(isOnDutyAt(holidayFirst, local('2025-03-04', '10:00'), shanghai)).toBe(false);
    expect(isOnDutyAt(morningFirst, local('2025-03-04', '10:00'), shanghai)).toBe(true);
    expect(isOnDutyAt(morningFirst, local('2025-03-04', '13:00'), shanghai)).toBe(false);
    expect(earliestOnDuty(holidayFirst, local('2025-03-04', '08:00'), local('2025-03-06', '08:00'), shanghai)).toBe(local('2025-03-05', '00:00'));
  });
});
