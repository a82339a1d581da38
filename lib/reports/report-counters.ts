/**
 * What one need contributes to the report counters, and the change between two contributions.
 * A need counts in the cell of the local day it was posted, its category and community, and the
 * hour of the week it wants service: the start of its preferred window, or when it was posted if
 * it gave none (the gap is about when partners are missing, not when residents typed). The stream consumer turns each new image of a need into
 * a contribution and adds the difference from the last one counted, so the counters always hold
 * every need's current state without a report ever reading a need.
 * A need counts once it entered the service (its `submitted` step): one waiting for its SMS code,
 * or closed or cancelled without it, was never a need anyone could serve, and counting it would
 * let a stranger's unconfirmed posts inflate demand and the gap.
 */
import { localDateTime } from '../matching/local-time.ts';
import type { Need, NeedStatus } from '../needs/need.ts';
import { needStatuses } from '../needs/need.ts';

/** Escalation codes that mean "no partner could take it" (public problems are never matched). */
export const unmetEscalationCodes: readonly string[] = ['noCandidates', 'maxAttemptsReached'];

/** Upper bounds (minutes) of the duration histogram's buckets; the last bucket is open. */
export const durationBucketsMinutes = [1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1440, 2880, 4320, 10080] as const;

export const milestones = ['firstOffer', 'accepted', 'completed'] as const;
export type Milestone = (typeof milestones)[number];

export interface CellAddress {
  /** The local date the need was posted. */
  day: string;
  category: string;
  communityId: string;
  /** When service is wanted: 0 = Monday 00:00-00:59 … 167 = Sunday 23:00-23:59, local time. */
  hourOfWeek: number;
  /** The need's grid, when it named one. */
  gridId?: string;
}

export interface Contribution {
  cell: CellAddress;
  version: number;
  status: NeedStatus;
  /**
   * Whether the need entered the service (posted from a known phone, its code confirmed, or sent on
   * by staff). Absent on contributions counted before confirmation existed: those all did.
   */
  entered?: boolean;
  /** Minutes from entering the service to each milestone reached. */
  minutesTo: Partial<Record<Milestone, number>>;
  everEscalated: boolean;
  unmet: boolean;
  stars?: number;
}

/** Flat counter names, so DynamoDB's ADD works on them without nested maps. */
export type Counters = Record<string, number>;

export const counterNames = {
  posted: 'posted',
  status: (status: NeedStatus) => `status_${status}`,
  everEscalated: 'everEscalated',
  unmet: 'unmet',
  rated: 'rated',
  satisfied: 'satisfied',
  starsSum: 'starsSum',
  duration: (milestone: Milestone, bucket: number) => `${milestone}_b${String(bucket).padStart(2, '0')}`,
};

export function hourOfWeek(weekday: number, minutes: number): number {
  return (weekday - 1) * 24 + Math.floor(minutes / 60);
}

export function durationBucket(minutes: number): number {
  const index = durationBucketsMinutes.findIndex((bound) => minutes <= bound);
  return index === -1 ? durationBucketsMinutes.length : index;
}

const satisfiedFromStars = 4;

export function contributionOf(need: Need, timeZone: string): Contribution {
  const posted = Date.parse(need.createdAt);
  const local = localDateTime(posted, timeZone);
  const wanted = need.preferredWindow ? localDateTime(Date.parse(need.preferredWindow.from), timeZone) : local;
  const firstAt = (status: NeedStatus) => need.timeline.find((step) => step.status === status)?.at;
  const enteredAt = firstAt('submitted');
  const from = enteredAt ? Date.parse(enteredAt) : posted;
  const minutesTo: Contribution['minutesTo'] = {};
  const reached: Array<[Milestone, string | undefined]> = [
    ['firstOffer', firstAt('offered')],
    ['accepted', firstAt('accepted')],
    ['completed', firstAt('completed')],
  ];
  for (const [milestone, at] of reached) if (at) minutesTo[milestone] = Math.max(0, (Date.parse(at) - from) / 60_000);
  return {
    cell: {
      day: local.date,
      category: need.category,
      communityId: need.communityId,
      hourOfWeek: hourOfWeek(wanted.weekday, wanted.minutes),
      ...(need.gridId ? { gridId: need.gridId } : {}),
    },
    version: need.version,
    status: need.status,
    entered: enteredAt !== undefined,
    minutesTo,
    everEscalated: need.timeline.some((step) => step.status === 'escalated'),
    unmet: need.status === 'escalated' && unmetEscalationCodes.includes(need.escalation?.code ?? ''),
    ...(need.rating ? { stars: need.rating.stars } : {}),
  };
}

export function countersOf(contribution: Contribution): Counters {
  if (contribution.entered === false) return {};
  const counters: Counters = { [counterNames.posted]: 1, [counterNames.status(contribution.status)]: 1 };
  if (contribution.everEscalated) counters[counterNames.everEscalated] = 1;
  if (contribution.unmet) counters[counterNames.unmet] = 1;
  if (contribution.stars !== undefined) {
    counters[counterNames.rated] = 1;
    counters[counterNames.starsSum] = contribution.stars;
    if (contribution.stars >= satisfiedFromStars) counters[counterNames.satisfied] = 1;
  }
  for (const milestone of milestones) {
    const minutes = contribution.minutesTo[milestone];
    if (minutes !== undefined) counters[counterNames.duration(milestone, durationBucket(minutes))] = 1;
  }
  return counters;
}

/** What to add to the counters to move from the last counted contribution to the new one. */
export function counterDelta(previous: Contribution | undefined, next: Contribution): Counters {
  const delta: Counters = { ...countersOf(next) };
  if (previous) for (const [name, value] of Object.entries(countersOf(previous))) delta[name] = (delta[name] ?? 0) - value;
  return Object.fromEntries(Object.entries(delta).filter(([, value]) => value !== 0));
}

/** Sum counters (cells of several days or hours). */
export function addCounters(target: Counters, source: Counters): Counters {
  for (const [name, value] of Object.entries(source)) target[name] = (target[name] ?? 0) + value;
  return target;
}

export const allStatusCounterNames = needStatuses.map(counterNames.status);
