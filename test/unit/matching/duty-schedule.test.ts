import { describe, expect, it } from 'vitest';
import { earliestOnDuty, firstDutyStretch, isOnDutyAt, isOnDutyDuring } from '../../../lib/matching/duty-schedule.ts';
import { localCalendar } from '../../../lib/matching/local-time.ts';
import { type DutySchedule, dutyScheduleSchema } from '../../../lib/partners/partner.ts';

const shanghai = 'Asia/Shanghai';
const berlin = 'Europe/Berlin';
const at = (iso: string) => Date.parse(iso);
const schedule = (input: Partial<DutySchedule>): DutySchedule => dutyScheduleSchema.parse(input);

describe('duty schedule', () => {
  describe('weekly slots in the district zone, given instants in UTC', () => {
    // Tuesday 06:00–08:00 in Shanghai is Monday 22:00–24:00 in UTC.
    const tuesdayEarly = schedule({ weekly: [{ day: 2, from: '06:00', to: '08:00' }] });

    it('is on duty when the local weekday matches though the UTC weekday does not', () => {
      expect(isOnDutyAt(tuesdayEarly, at('2025-03-03T23:00:00Z'), shanghai)).toBe(true);
    });

    it('is off duty at the same UTC time of day on the local Monday', () => {
      expect(isOnDutyAt(tuesdayEarly, at('2025-03-02T23:00:00Z'), shanghai)).toBe(false);
    });

    it('treats the end of a slot as exclusive', () => {
      expect(isOnDutyAt(tuesdayEarly, at('2025-03-03T22:00:00Z'), shanghai)).toBe(true);
      expect(isOnDutyAt(tuesdayEarly, at('2025-03-04T00:00:00Z'), shanghai)).toBe(false);
    });
  });

  describe('slots across midnight', () => {
    const fridayNight = schedule({ weekly: [{ day: 5, from: '22:00', to: '06:00' }] });
    const sundayNight = schedule({ weekly: [{ day: 7, from: '22:00', to: '02:00' }] });

    it('runs into the next morning', () => {
      expect(isOnDutyAt(fridayNight, at('2025-03-07T15:00:00Z'), shanghai)).toBe(true); // Fri 23:00
      expect(isOnDutyAt(fridayNight, at('2025-03-07T19:00:00Z'), shanghai)).toBe(true); // Sat 03:00
      expect(isOnDutyAt(fridayNight, at('2025-03-07T22:00:00Z'), shanghai)).toBe(false); // Sat 06:00
      expect(isOnDutyAt(fridayNight, at('2025-03-07T13:59:00Z'), shanghai)).toBe(false); // Fri 21:59
    });

    it('runs from Sunday into Monday', () => {
      expect(isOnDutyAt(sundayNight, at('2025-03-09T17:00:00Z'), shanghai)).toBe(true); // Mon 01:00
    });

    it('treats equal from and to as the whole day', () => {
      const allTuesday = schedule({ weekly: [{ day: 2, from: '00:00', to: '00:00' }] });

      expect(isOnDutyAt(allTuesday, at('2025-03-04T15:59:00Z'), shanghai)).toBe(true); // Tue 23:59
      expect(isOnDutyAt(allTuesday, at('2025-03-04T16:00:00Z'), shanghai)).toBe(false); // Wed 00:00
    });
  });

  describe('dated exceptions', () => {
    it('takes a holiday off', () => {
      const saturdays = schedule({
        weekly: [{ day: 6, from: '09:00', to: '12:00' }],
        exceptions: [{ date: '2025-03-08', available: false }],
      });

      expect(isOnDutyAt(saturdays, at('2025-03-08T02:00:00Z'), shanghai)).toBe(false);
      expect(isOnDutyAt(saturdays, at('2025-03-15T02:00:00Z'), shanghai)).toBe(true);
    });

    it('stops the previous night slot at the holiday midnight', () => {
      const fridayNight = schedule({
        weekly: [{ day: 5, from: '22:00', to: '06:00' }],
        exceptions: [{ date: '2025-03-08', available: false }],
      });

      expect(isOnDutyAt(fridayNight, at('2025-03-07T15:00:00Z'), shanghai)).toBe(true); // Fri 23:00
      expect(isOnDutyAt(fridayNight, at('2025-03-07T19:00:00Z'), shanghai)).toBe(false); // Sat 03:00
    });

    it('replaces the weekly slots of its date with its own', () => {
      const wednesdays = schedule({
        weekly: [{ day: 3, from: '08:00', to: '12:00' }],
        exceptions: [{ date: '2025-03-05', available: true, slots: [{ from: '14:00', to: '16:00' }] }],
      });

      expect(isOnDutyAt(wednesdays, at('2025-03-05T01:00:00Z'), shanghai)).toBe(false); // Wed 09:00
      expect(isOnDutyAt(wednesdays, at('2025-03-05T07:00:00Z'), shanghai)).toBe(true); // Wed 15:00
      expect(isOnDutyAt(wednesdays, at('2025-03-12T01:00:00Z'), shanghai)).toBe(true); // next Wed 09:00
    });

    it('makes a whole day available when it names no slots', () => {
      const extraSunday = schedule({ exceptions: [{ date: '2025-03-09', available: true }] });

      expect(isOnDutyAt(extraSunday, at('2025-03-08T19:00:00Z'), shanghai)).toBe(true); // Sun 03:00
    });

    it('keeps an exception slot within its date', () => {
      const lateSlot = schedule({ exceptions: [{ date: '2025-03-09', available: true, slots: [{ from: '22:00', to: '02:00' }] }] });

      expect(isOnDutyAt(lateSlot, at('2025-03-09T15:00:00Z'), shanghai)).toBe(true); // Sun 23:00
      expect(isOnDutyAt(lateSlot, at('2025-03-09T17:00:00Z'), shanghai)).toBe(false); // Mon 01:00
    });

    it('applies holidays to partners who are always available', () => {
      const onCall = schedule({ alwaysAvailable: true, exceptions: [{ date: '2025-03-08', available: false }] });

      expect(isOnDutyAt(onCall, at('2025-03-07T19:00:00Z'), shanghai)).toBe(false); // Sat 03:00
      expect(isOnDutyAt(onCall, at('2025-03-07T15:00:00Z'), shanghai)).toBe(true); // Fri 23:00
    });
  });

  describe('slots narrowed to categories', () => {
    const haircutsOnly = schedule({ weekly: [{ day: 2, from: '08:00', to: '12:00', categories: ['haircut'] }] });
    const tuesdayNine = at('2025-03-04T01:00:00Z');

    it('count for their categories and for a category-blind question', () => {
      expect(isOnDutyAt(haircutsOnly, tuesdayNine, shanghai, 'haircut')).toBe(true);
      expect(isOnDutyAt(haircutsOnly, tuesdayNine, shanghai)).toBe(true);
    });

    it('do not count for other categories', () => {
      expect(isOnDutyAt(haircutsOnly, tuesdayNine, shanghai, 'repairs')).toBe(false);
    });
  });

  describe('windows', () => {
    const mornings = schedule({
      weekly: [
        { day: 2, from: '08:00', to: '12:00' },
        { day: 2, from: '12:00', to: '14:00' },
      ],
    });

    it('is on duty during a window that partly overlaps a slot', () => {
      const window = { from: at('2025-03-03T23:00:00Z'), to: at('2025-03-04T00:30:00Z') }; // Tue 07:00–08:30

      expect(isOnDutyDuring(mornings, window, shanghai)).toBe(true);
      expect(earliestOnDuty(mornings, window.from, window.to, shanghai)).toBe(at('2025-03-04T00:00:00Z'));
    });

    it('is not on duty during a window that only touches a slot', () => {
      const window = { from: at('2025-03-03T22:00:00Z'), to: at('2025-03-04T00:00:00Z') }; // Tue 06:00–08:00

      expect(isOnDutyDuring(mornings, window, shanghai)).toBe(false);
      expect(earliestOnDuty(mornings, window.from, window.to, shanghai)).toBeUndefined();
    });

    it('merges adjoining slots into one stretch, clipped to the range', () => {
      const range = { from: at('2025-03-04T01:00:00Z'), to: at('2025-03-05T00:00:00Z') }; // Tue 09:00 → Wed 08:00
      const stretch = firstDutyStretch(mornings, undefined, range, localCalendar(range.from, range.to, shanghai));

      expect(stretch).toEqual({ from: at('2025-03-04T01:00:00Z'), to: at('2025-03-04T06:00:00Z') }); // until 14:00
    });

    it('finds the earliest duty after an instant, days ahead', () => {
      const fromWednesday = at('2025-03-05T01:00:00Z');

      expect(earliestOnDuty(mornings, fromWednesday, fromWednesday + 7 * 86_400_000, shanghai)).toBe(at('2025-03-11T00:00:00Z'));
    });
  });

  describe('across a daylight-saving change (Europe/Berlin)', () => {
    it('keeps a Monday slot at its local time when the UTC offset changes', () => {
      const mondayNine = schedule({ weekly: [{ day: 1, from: '09:00', to: '10:00' }] });

      expect(isOnDutyAt(mondayNine, at('2025-03-24T08:30:00Z'), berlin)).toBe(true); // 09:30 CET
      expect(isOnDutyAt(mondayNine, at('2025-03-31T08:30:00Z'), berlin)).toBe(false); // 10:30 CEST
      expect(isOnDutyAt(mondayNine, at('2025-03-31T07:30:00Z'), berlin)).toBe(true); // 09:30 CEST
    });

    it('ends a night slot at its local time on the morning the clocks jump forward', () => {
      const saturdayNight = schedule({ weekly: [{ day: 6, from: '22:00', to: '06:00' }] });
      const range = { from: at('2025-03-29T12:00:00Z'), to: at('2025-03-30T12:00:00Z') };

      const stretch = firstDutyStretch(saturdayNight, undefined, range, localCalendar(range.from, range.to, berlin));

      expect(stretch).toEqual({ from: at('2025-03-29T21:00:00Z'), to: at('2025-03-30T04:00:00Z') }); // 7 hours
      expect(isOnDutyAt(saturdayNight, at('2025-03-30T03:59:00Z'), berlin)).toBe(true);
      expect(isOnDutyAt(saturdayNight, at('2025-03-30T04:00:00Z'), berlin)).toBe(false);
    });

    it('lasts an hour longer on the night the clocks go back', () => {
      const sundayEarly = schedule({ weekly: [{ day: 7, from: '00:00', to: '06:00' }] });
      const range = { from: at('2025-10-25T12:00:00Z'), to: at('2025-10-26T12:00:00Z') };

      const stretch = firstDutyStretch(sundayEarly, undefined, range, localCalendar(range.from, range.to, berlin));

      expect(stretch).toEqual({ from: at('2025-10-25T22:00:00Z'), to: at('2025-10-26T05:00:00Z') }); // 7 hours
    });
  });
});
