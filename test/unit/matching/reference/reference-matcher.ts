/**
 * An independent reference for the matching properties: the README's constraints and scoring terms
 * written again as plain loops, sharing nothing with lib/matching but the input types. It is slow and
 * simple on purpose, and knows only fixed-offset time zones (the properties use Asia/Shanghai, UTC+8).
 */
import type { Candidate } from '../../../../lib/matching/candidate.ts';
import type { MatchRequest } from '../../../../lib/matching/match-request.ts';
import type { MatchingSettings } from '../../../../lib/matching/matching-settings.ts';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

export interface ReferenceInput {
  request: MatchRequest;
  settings: MatchingSettings;
  now: number;
  /** The zone's fixed offset from UTC. */
  utcOffsetHours: number;
  /** The mean rating few-rated partners are shrunk towards. */
  priorMean: number;
}

interface Interval {
  start: number;
  end: number;
}

function clockMinutes(clock: string): number {
  const [hours, minutes] = clock.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** The range the partner must be on duty in: the window from now on, or the urgency's horizon. */
export function referenceServiceRange({ request, settings, now }: ReferenceInput): Interval {
  if (request.preferredWindow) {
    const start = Date.parse(request.preferredWindow.from);
    return { start: start > now ? start : now, end: Date.parse(request.preferredWindow.to) };
  }
  return { start: now, end: now + settings.horizonHours[request.urgency] * hour };
}

/** Every duty interval on the local dates around the range, as the README's schedule rules state them. */
export function referenceDutyIntervals(candidate: Candidate, input: ReferenceInput): Interval[] {
  const schedule = candidate.partner.schedule;
  const range = referenceServiceRange(input);
  const offset = input.utcOffsetHours * hour;
  const firstMidnight = Math.floor((range.start + offset) / day) * day - offset - day;
  const lastMidnight = Math.floor((Math.max(range.start, range.end) + offset) / day) * day - offset + day;
  const intervals: Interval[] = [];
  for (let midnight = firstMidnight; midnight <= lastMidnight; midnight += day) {
    const date = new Date(midnight + offset).toISOString().slice(0, 10);
    const nextDate = new Date(midnight + offset + day).toISOString().slice(0, 10);
    const weekday = ((new Date(midnight + offset).getUTCDay() + 6) % 7) + 1;
    let exception: (typeof schedule.exceptions)[number] | undefined;
    let exceptionTomorrow = false;
    for (const entry of schedule.exceptions) {
      if (entry.date === date && !exception) exception = entry;
      if (entry.date === nextDate) exceptionTomorrow = true;
    }
    if (exception) {
      if (!exception.available) continue;
      const slots = exception.slots ?? [{ from: '00:00', to: '00:00' }];
      for (const slot of slots) {
        const from = clockMinutes(slot.from);
        const to = clockMinutes(slot.to);
        intervals.push({ start: midnight + from * minute, end: midnight + (to > from ? to : 1440) * minute });
      }
      continue;
    }
    const dayEnd = exceptionTomorrow ? midnight + day : Number.POSITIVE_INFINITY;
    if (schedule.alwaysAvailable) {
      intervals.push({ start: midnight, end: midnight + day });
      continue;
    }
    for (const slot of schedule.weekly) {
      if (slot.day !== weekday) continue;
      if (slot.categories && !slot.categories.includes(input.request.category)) continue;
      const from = clockMinutes(slot.from);
      let to = clockMinutes(slot.to);
      if (to <= from) to += 1440;
      intervals.push({ start: midnight + from * minute, end: Math.min(midnight + to * minute, dayEnd) });
    }
  }
  return intervals;
}

function overlapping(candidate: Candidate, input: ReferenceInput): Interval[] {
  const range = referenceServiceRange(input);
  return referenceDutyIntervals(candidate, input).filter(
    (interval) => interval.start < interval.end && interval.start < range.end && interval.end > range.start,
  );
}

function distanceKm(from: { lat: number; lng: number }, to: { lat: number; lng: number }): number {
  const toRadians = Math.PI / 180;
  const halfDLat = ((to.lat - from.lat) * toRadians) / 2;
  const halfDLng = ((to.lng - from.lng) * toRadians) / 2;
  const h = Math.sin(halfDLat) ** 2 + Math.cos(from.lat * toRadians) * Math.cos(to.lat * toRadians) * Math.sin(halfDLng) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The first rule the candidate breaks, in the README's order, or undefined when it passes them all. */
export function referenceFirstFailure(candidate: Candidate, input: ReferenceInput): string | undefined {
  const { partner, standing } = candidate;
  const { request, settings } = input;
  if (partner.status !== 'active') return 'active';
  if (request.excludedPartnerIds.includes(partner.id)) return 'notExcluded';
  let offersCategory = false;
  for (const capability of partner.capabilities) if (capability.category === request.category) offersCategory = true;
  if (!offersCategory) return 'capability';
  if (!(standing.openOrders < partner.capacity)) return 'freeCapacity';
  let needsHomeVisit = false;
  for (const group of request.specialGroups) if ((settings.homeVisitGroups as readonly string[]).includes(group)) needsHomeVisit = true;
  if (needsHomeVisit && !partner.homeVisits) return 'specialGroupNeeds';
  const area = partner.serviceArea;
  let served =
    area.grids.length > 0
      ? request.gridId !== undefined && area.grids.includes(request.gridId)
      : area.communities.includes(request.communityId);
  if (!served && area.radiusKm !== undefined && partner.base && request.location) {
    served = distanceKm(partner.base, request.location) <= area.radiusKm;
  }
  if (!served) return 'serviceArea';
  const range = referenceServiceRange(input);
  if (range.end <= range.start || overlapping(candidate, input).length === 0) return 'onDuty';
  return undefined;
}

const clamp = (value: number) => (value < 0 ? 0 : value > 1 ? 1 : value);

function rateWithPrior(successes: number, trials: number, prior: number, strength: number): number {
  if (trials + strength === 0) return prior;
  return clamp((Math.min(successes, trials) + prior * strength) / (trials + strength));
}

/** Each applying term's grade, by the README's table. */
export function referenceGrades(candidate: Candidate, input: ReferenceInput): Record<string, number> {
  const { partner, standing } = candidate;
  const { request, settings } = input;
  const grades: Record<string, number> = {};
  const skill = partner.capabilities.find((capability) => capability.category === request.category)?.skillLevel ?? 1;
  grades.skill = (skill - 1) / 4;
  if (request.location && partner.base) {
    const km = distanceKm(partner.base, request.location);
    const { fullGradeWithinKm, zeroGradeAtKm } = settings.proximity;
    grades.proximity = km <= fullGradeWithinKm ? 1 : km >= zeroGradeAtKm ? 0 : (zeroGradeAtKm - km) / (zeroGradeAtKm - fullGradeWithinKm);
  } else if (request.gridId && partner.serviceArea.grids.includes(request.gridId)) grades.proximity = 1;
  else if (partner.serviceArea.communities.includes(request.communityId)) grades.proximity = 0.6;
  else grades.proximity = 0.2;
  const k = settings.reputation.priorStrength;
  const n = standing.reputation.count;
  const shrunk = k + n === 0 ? input.priorMean : (k * input.priorMean + n * standing.reputation.mean) / (k + n);
  grades.reputation = clamp((shrunk - 1) / 4);
  const { priorRate, priorStrength } = settings.reliability;
  const { offered, accepted, completed, cancelled } = standing.reliability;
  grades.reliability =
    (rateWithPrior(accepted, offered, priorRate, priorStrength) +
      rateWithPrior(completed, completed + cancelled, priorRate, priorStrength)) /
    2;
  const half = settings.recentOrdersHalfGradeAt;
  grades.loadBalance =
    0.5 * (1 - Math.min(standing.openOrders, partner.capacity) / partner.capacity) + 0.5 * (half / (half + standing.recentOrders));
  if (request.specialGroups.length > 0) grades.priceFit = { free: 1, lowCost: 0.6, market: 0.2 }[partner.priceMode];
  // Urgent needs, and needs whose preferred window starts within the urgent horizon (#8).
  const startsSoon = request.preferredWindow !== undefined && referenceServiceRange(input).start - input.now <= settings.horizonHours.urgent * hour;
  if (request.urgency === 'urgent' || startsSoon) {
    const range = referenceServiceRange(input);
    let first = Number.POSITIVE_INFINITY;
    for (const interval of overlapping(candidate, input)) first = Math.min(first, Math.max(interval.start, range.start));
    grades.earliestAvailability = first === Number.POSITIVE_INFINITY ? 0 : clamp(1 - (first - range.start) / (range.end - range.start));
  }
  return grades;
}

/** Σ weight × grade over the applying terms, weights scaled to sum to 1. */
export function referenceScore(candidate: Candidate, input: ReferenceInput): number {
  const grades = referenceGrades(candidate, input);
  const weights = input.settings.weights as Record<string, number>;
  let total = 0;
  for (const name of Object.keys(grades)) total += weights[name] ?? 0;
  let score = 0;
  for (const [name, grade] of Object.entries(grades)) score += total > 0 ? ((weights[name] ?? 0) / total) * grade : 0;
  return score;
}
