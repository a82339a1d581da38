/**
 * An offer's deadline in the partner's duty time: the response window only runs while the partner
 * is on duty. An offer made off duty stays open until `window` after its next duty start; one made
 * near the end of a shift carries the rest over to the next shift. So an offer never expires while
 * its partner is off duty (a canteen closed at night is not "too slow" for a need sent at 01:57).
 */
import type { ServiceCategoryCode } from '../catalog/service-categories.ts';
import type { DutySchedule } from '../partners/partner.ts';
import { firstDutyStretch } from './duty-schedule.ts';
import { localCalendar } from './local-time.ts';

const dayMs = 86_400_000;
/** Far enough to find the next shift of a weekly roster, whatever day the offer is made. */
export const deadlineSearchDays = 8;
/** Shifts walked through at most: a window split over more than this many is cut short (bounded loop). */
const maxStretches = 32;

export interface DutyDeadline {
  expiresAt: number;
  /** When the window started to run: the offer's time, or the next duty start when made off duty. */
  countsFrom: number;
}

export function dutyTimeDeadline(
  schedule: DutySchedule,
  category: ServiceCategoryCode | undefined,
  from: number,
  windowMs: number,
  timeZone: string,
): DutyDeadline {
  const searchUntil = from + deadlineSearchDays * dayMs;
  const calendar = localCalendar(from, searchUntil, timeZone);
  let cursor = from;
  let remaining = windowMs;
  let countsFrom: number | undefined;
  for (let index = 0; index < maxStretches; index += 1) {
    const stretch = firstDutyStretch(schedule, category, { from: cursor, to: searchUntil }, calendar);
    if (!stretch) break;
    countsFrom ??= stretch.from;
    const length = stretch.to - stretch.from;
    if (length >= remaining) return { expiresAt: stretch.from + remaining, countsFrom };
    remaining -= length;
    cursor = stretch.to;
  }
  // No duty ahead (or a window longer than the shifts found): the plain clock, from the last duty seen.
  return { expiresAt: cursor + remaining, countsFrom: countsFrom ?? from };
}
