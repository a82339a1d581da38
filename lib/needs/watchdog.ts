/**
 * The watchdog's rules, pure: which statuses wait on people, how long a need may sit in one without
 * a step, when a waiting need has waited too long, and the steps that record both.
 */
import type { MatchingSettings } from '../matching/matching-settings.ts';
import { escalateNeed, type Need, type NeedStatus } from './need.ts';

/** Statuses in which a need waits on someone (a partner's answer, a free place, staff, a unit). */
export const watchedStatuses: readonly NeedStatus[] = ['submitted', 'waiting', 'escalated', 'referred', 'accepted'];

const minuteMs = 60_000;

export function minutesSince(instant: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(instant)) / minuteMs);
}

export function waitedTooLong(need: Need, settings: MatchingSettings, now: Date): boolean {
  if (need.status !== 'waiting') return false;
  return minutesSince(need.waiting?.since ?? need.updatedAt, now) > settings.waitingLimitMinutes[need.urgency];
}

/** Escalated with the reason: it waited longer than the district allows for its urgency. */
export function escalateAfterWaiting(need: Need, settings: MatchingSettings, now: Date): Need {
  const waited = minutesSince(need.waiting?.since ?? need.updatedAt, now);
  const limit = settings.waitingLimitMinutes[need.urgency];
  return escalateNeed(
    need,
    {
      code: 'waitedTooLong',
      message: {
        zh: `已排队等待${waited}分钟，超过本区${need.urgency === 'urgent' ? '紧急' : '普通'}需求${limit}分钟的等待上限，仍无合伙人空出。`,
        en: `Waited ${waited} min for a free partner, past the district's ${limit} min limit for ${need.urgency} needs.`,
      },
    },
    now,
  );
}

/** Sat past the watchdog's limit in a watched status, and not yet flagged in it. */
export function isOverdue(need: Need, settings: MatchingSettings, now: Date): boolean {
  if (!watchedStatuses.includes(need.status) || need.watchdog?.status === need.status) return false;
  // An accepted order for a window still to come is not late: the partner comes then.
  if (need.status === 'accepted' && need.preferredWindow && Date.parse(need.preferredWindow.to) > now.getTime()) return false;
  return minutesSince(need.updatedAt, now) > settings.watchdogMinutes[need.urgency];
}

/** Flagged once per status: a timeline step for operators (the resident's page leaves it out). */
export function flagOverdue(need: Need, now: Date): Need {
  const at = now.toISOString();
  const step = { status: need.status, at, action: 'watchdogFlagged', by: 'watchdog', note: `${minutesSince(need.updatedAt, now)} min without a step` };
  return { ...need, updatedAt: at, version: need.version + 1, timeline: [...need.timeline, step], watchdog: { status: need.status, flaggedAt: at } };
}
