/**
 * What every candidate is judged against, worked out once per ranking: the stretch of time the need
 * is to be served in, the district's calendar over it, the excluded partners, and what the need's
 * special groups require.
 */
import type { DistrictConfig } from '../district/district-config.ts';
import type { TimeRange } from './duty-schedule.ts';
import { type LocalCalendar, localCalendar } from './local-time.ts';
import type { MatchRequest } from './match-request.ts';
import type { MatchingSettings } from './matching-settings.ts';
import { countSteps, type StepCounter } from './step-counter.ts';

const hourMs = 3_600_000;

export interface MatchContext {
  request: MatchRequest;
  settings: MatchingSettings;
  district: DistrictConfig;
  now: number;
  /**
   * When the partner must be on duty: the preferred window from now on, or, with no window, the
   * horizon for the need's urgency starting now. Empty (from >= to) when the window has passed.
   */
  serviceRange: TimeRange;
  calendar: LocalCalendar;
  excluded: ReadonlySet<string>;
  /** The grids of the need's community (a need naming no grid is served by a partner serving any of them). */
  communityGridIds: readonly string[];
  homeVisitsRequired: boolean;
  forSpecialGroup: boolean;
  /** The mean rating (1..5) that few-rated partners are shrunk towards. */
  reputationPriorMean: number;
  /** Counts the ranking's work, when a test asks (./step-counter.ts). */
  steps?: StepCounter;
}

export interface MatchOptions {
  /** The district's live mean rating; settings.reputation.priorMean when not given. */
  districtMeanRating?: number;
  /** Counts the ranking's work in steps (the step-budget property); nothing is counted without it. */
  steps?: StepCounter;
}

export function serviceRangeOf(request: MatchRequest, settings: MatchingSettings, now: number): TimeRange {
  const window = request.preferredWindow;
  if (window) return { from: Math.max(Date.parse(window.from), now), to: Date.parse(window.to) };
  return { from: now, to: now + settings.horizonHours[request.urgency] * hourMs };
}

export function matchContext(
  request: MatchRequest,
  settings: MatchingSettings,
  district: DistrictConfig,
  now: Date,
  options: MatchOptions = {},
): MatchContext {
  const nowMs = now.getTime();
  const serviceRange = serviceRangeOf(request, settings, nowMs);
  const homeVisitGroups: readonly string[] = settings.homeVisitGroups;
  const calendar = localCalendar(serviceRange.from, Math.max(serviceRange.from, serviceRange.to), district.timeZone);
  countSteps(options.steps, calendar.days.length + request.excludedPartnerIds.length + request.specialGroups.length * homeVisitGroups.length);
  return {
    request,
    settings,
    district,
    now: nowMs,
    serviceRange,
    calendar,
    excluded: new Set(request.excludedPartnerIds),
    communityGridIds: district.communities.find((community) => community.id === request.communityId)?.grids.map((grid) => grid.id) ?? [],
    homeVisitsRequired:
      (settings.homeVisitCategories as readonly string[]).includes(request.category) &&
      request.specialGroups.some((group) => homeVisitGroups.includes(group)),
    forSpecialGroup: request.specialGroups.length > 0,
    reputationPriorMean: options.districtMeanRating ?? settings.reputation.priorMean,
    ...(options.steps ? { steps: options.steps } : {}),
  };
}
