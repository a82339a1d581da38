import { describe, expect, it } from 'vitest';
import { dutyTimeDeadline } from '#lib/matching/duty-deadline.ts';
import { partner } from './matching-fixtures.ts';

const zone = 'Asia/Shanghai';
const tenMinutes = 10 * 60_000;
const at = (local: string) => Date.parse(`${local}+08:00`);
const iso = (instant: number) => new Date(instant).toISOString();

/** The canteen's roster: every day 10:30–13:00 and 16:30–18:30. */
const canteen = partner({
  schedule: {
    weekly: [1, 2, 3, 4, 5, 6, 7].flatMap((day) => [
      { day, from: '10:30', to: '13:00' },
      { day, from: '16:30', to: '18:30' },
    ]),
  },
}).schedule;

describe('the answer window runs in the partner’s duty time', () => {
  it('an offer at 01:57 to a partner on duty from 10:30, with a 10-minute window, expires at 10:40', () => {
    const deadline = dutyTimeDeadline(canteen, 'mealAssistance', at('2026-12-01T01:57:00'), tenMinutes, zone);
    expect(iso(deadline.expiresAt)).toBe(iso(at('2026-12-01T10:40:00')));
    expect(iso(deadline.countsFrom)).toBe(iso(at('2026-12-01T10:30:00')));
  });

  it('an offer made on duty runs on the clock', () => {
    const deadline = dutyTimeDeadline(canteen, 'mealAssistance', at('2026-12-01T11:00:00'), tenMinutes, zone);
    expect(iso(deadline.expiresAt)).toBe(iso(at('2026-12-01T11:10:00')));
    expect(deadline.countsFrom).toBe(at('2026-12-01T11:00:00'));
  });

  it('carries what is left at the end of a shift over to the next shift', () => {
    // 12:55: five minutes before 13:00, five more from 16:30.
    const deadline = dutyTimeDeadline(canteen, 'mealAssistance', at('2026-12-01T12:55:00'), tenMinutes, zone);
    expect(iso(deadline.expiresAt)).toBe(iso(at('2026-12-01T16:35:00')));
  });

  it('expires at the very end of a shift when the window fits it exactly, and counts from the first shift', () => {
    expect(iso(dutyTimeDeadline(canteen, 'mealAssistance', at('2026-12-01T12:50:00'), tenMinutes, zone).expiresAt)).toBe(iso(at('2026-12-01T13:00:00')));
    expect(iso(dutyTimeDeadline(canteen, 'mealAssistance', at('2026-12-01T12:55:00'), tenMinutes, zone).countsFrom)).toBe(iso(at('2026-12-01T12:55:00')));
  });

  it('runs across midnight: a night shift 22:00–06:00 carries a 23:55 offer to 00:05', () => {
    const night = partner({ schedule: { weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, from: '22:00', to: '06:00' })) } }).schedule;
    expect(iso(dutyTimeDeadline(night, 'repairs', at('2026-12-01T23:55:00'), tenMinutes, zone).expiresAt)).toBe(iso(at('2026-12-02T00:05:00')));
    // Off duty at 07:00: the window waits for 22:00.
    expect(iso(dutyTimeDeadline(night, 'repairs', at('2026-12-02T07:00:00'), tenMinutes, zone).expiresAt)).toBe(iso(at('2026-12-02T22:10:00')));
  });

  it('runs across a dated exception: a day off moves the window to the day after', () => {
    const withDayOff = partner({
      schedule: { weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, from: '09:00', to: '17:00' })), exceptions: [{ date: '2026-12-02', available: false }] },
    }).schedule;
    const deadline = dutyTimeDeadline(withDayOff, 'repairs', at('2026-12-01T20:00:00'), tenMinutes, zone);
    expect(iso(deadline.expiresAt)).toBe(iso(at('2026-12-03T09:10:00')));
  });

  it('runs across a week: a Monday-only partner answers an offer made on Tuesday by the next Monday', () => {
    const mondays = partner({ schedule: { weekly: [{ day: 1, from: '14:00', to: '17:00' }] } }).schedule;
    // 2026-12-01 is a Tuesday; the next Monday is 2026-12-07.
    const deadline = dutyTimeDeadline(mondays, 'repairs', at('2026-12-01T15:00:00'), tenMinutes, zone);
    expect(iso(deadline.expiresAt)).toBe(iso(at('2026-12-07T14:10:00')));
  });

  it('counts only the slots of the need’s category', () => {
    const clinic = partner({
      schedule: { weekly: [{ day: 2, from: '08:00', to: '12:00', categories: ['hospitalEscort'] }, { day: 2, from: '14:00', to: '17:00', categories: ['medicalService'] }] },
    }).schedule;
    expect(iso(dutyTimeDeadline(clinic, 'medicalService', at('2026-12-01T09:00:00'), tenMinutes, zone).expiresAt)).toBe(iso(at('2026-12-01T14:10:00')));
  });

  it('an always-available partner answers on the clock; with no duty ahead the clock runs from the offer', () => {
    const always = partner({ schedule: { weekly: [], alwaysAvailable: true } }).schedule;
    expect(dutyTimeDeadline(always, 'repairs', at('2026-12-01T03:00:00'), tenMinutes, zone).expiresAt).toBe(at('2026-12-01T03:10:00'));
    const never = partner({ schedule: { weekly: [] } }).schedule;
    expect(dutyTimeDeadline(never, 'repairs', at('2026-12-01T03:00:00'), tenMinutes, zone)).toEqual({
      expiresAt: at('2026-12-01T03:10:00'),
      countsFrom: at('2026-12-01T03:00:00'),
    });
  });

  it('walks at most 32 shifts, then lets the rest run on the clock (a bounded loop)', () => {
    // Five one-minute shifts a day: a 40-minute window would need 40 shifts over eight days.
    const flickering = partner({
      schedule: { weekly: [1, 2, 3, 4, 5, 6, 7].flatMap((day) => ['08', '09', '10', '11', '12'].map((hour) => ({ day, from: `${hour}:00`, to: `${hour}:01` }))) },
    }).schedule;
    const deadline = dutyTimeDeadline(flickering, 'repairs', at('2026-12-01T07:00:00'), 40 * 60_000, zone);
    // Shifts 1–5 on 12-01, …, 31–32 on 12-07 at 08:00 and 09:00; the 32nd ends at 09:01, then 8 minutes of clock.
    expect(iso(deadline.expiresAt)).toBe(iso(at('2026-12-07T09:09:00')));
    expect(iso(deadline.countsFrom)).toBe(iso(at('2026-12-01T08:00:00')));
  });
});
