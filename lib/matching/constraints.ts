/**
 * Hard constraints: a partner that fails one is never offered the need. Each is a named function
 * returning pass or fail with a short reason (English, for operators); `constraintLabels` gives
 * each constraint's failure in zh and en for escalations.
 *
 * `constraints` lists them in the order the ranking applies them, cheapest first, stopping at the
 * first failure; so a rejected partner is counted once, against the first constraint it fails.
 */
import type { Candidate } from './candidate.ts';
import { dutyOverlaps } from './duty-schedule.ts';
import { haversineKm } from './geo.ts';
import type { MatchContext } from './match-context.ts';
import { countSteps } from './step-counter.ts';

export interface ConstraintOutcome {
  passed: boolean;
  reason: string;
}

const pass = (reason: string): ConstraintOutcome => ({ passed: true, reason });
const fail = (reason: string): ConstraintOutcome => ({ passed: false, reason });

/*
 * Each constraint is a predicate (what the ranking runs for every candidate: no objects, no
 * strings) and a check (the predicate with its reason, for explanations and assignments).
 */

export const passesActive = ({ partner }: Candidate): boolean => partner.status === 'active';

export function isActive(candidate: Candidate): ConstraintOutcome {
  return passesActive(candidate) ? pass('active') : fail(`status is ${candidate.partner.status}`);
}

export const passesNotExcluded = ({ partner }: Candidate, context: MatchContext): boolean => !context.excluded.has(partner.id);

export function isNotExcluded(candidate: Candidate, context: MatchContext): ConstraintOutcome {
  return passesNotExcluded(candidate, context) ? pass('has not declined this need') : fail('declined this need or let an offer for it expire');
}

export function passesCapability({ partner }: Candidate, context: MatchContext): boolean {
  const { category } = context.request;
  if (context.steps) countSteps(context.steps, partner.capabilities.length);
  for (const capability of partner.capabilities) {
    if (capability.category === category) return true;
  }
  return false;
}

export function hasCapability(candidate: Candidate, context: MatchContext): ConstraintOutcome {
  const { category } = context.request;
  return passesCapability(candidate, context) ? pass(`offers ${category}`) : fail(`does not offer ${category}`);
}

export const passesFreeCapacity = ({ partner, standing }: Candidate): boolean => standing.openOrders < partner.capacity;

export function hasFreeCapacity(candidate: Candidate): ConstraintOutcome {
  const { partner, standing } = candidate;
  const load = `${standing.openOrders} of ${partner.capacity} orders open`;
  return passesFreeCapacity(candidate) ? pass(load) : fail(load);
}

export const passesSpecialGroupNeeds = ({ partner }: Candidate, context: MatchContext): boolean =>
  !context.homeVisitsRequired || partner.homeVisits;

export function meetsSpecialGroupNeeds(candidate: Candidate, context: MatchContext): ConstraintOutcome {
  if (!context.homeVisitsRequired) return pass('no special requirement');
  return candidate.partner.homeVisits ? pass('makes home visits') : fail('needs home visits, which this partner does not make');
}

type AreaMatch = 'grid' | 'communityGrid' | 'community' | 'radius' | undefined;

/** How the partner's area covers the need, if it does; the radius is measured only when nothing else covers it. */
function areaMatch({ partner }: Candidate, context: MatchContext): AreaMatch {
  const { communityId, gridId, location } = context.request;
  const area = partner.serviceArea;
  // At most: the grids against each grid of the community, and the communities.
  if (context.steps) countSteps(context.steps, area.grids.length * (1 + context.communityGridIds.length) + area.communities.length);
  if (area.grids.length > 0) {
    if (gridId) {
      if (area.grids.includes(gridId)) return 'grid';
    } else {
      // The resident did not know the grid (the form allows it): any grid of the community will do.
      for (const grid of context.communityGridIds) if (area.grids.includes(grid)) return 'communityGrid';
    }
  } else if (area.communities.includes(communityId)) {
    return 'community';
  }
  if (area.radiusKm !== undefined && partner.base && location && haversineKm(partner.base, location) <= area.radiusKm) return 'radius';
  return undefined;
}

export const passesServiceArea = (candidate: Candidate, context: MatchContext): boolean => areaMatch(candidate, context) !== undefined;

export function coversServiceArea(candidate: Candidate, context: MatchContext): ConstraintOutcome {
  const { communityId, gridId, location } = context.request;
  const { partner } = candidate;
  const area = partner.serviceArea;
  switch (areaMatch(candidate, context)) {
    case 'grid':
      return pass(`serves grid ${gridId}`);
    case 'communityGrid':
      return pass(`serves a grid of community ${communityId} (the need names no grid)`);
    case 'community':
      return pass(`serves community ${communityId}`);
    case 'radius': {
      const km = partner.base && location ? haversineKm(partner.base, location) : 0;
      return pass(`within ${area.radiusKm} km of its base (${km.toFixed(1)} km)`);
    }
    default:
      return fail(area.grids.length > 0 ? 'the need is outside the grids it serves' : 'the need is outside its service area');
  }
}

export function passesOnDuty({ partner }: Candidate, context: MatchContext): boolean {
  const range = context.serviceRange;
  return range.to > range.from && dutyOverlaps(partner.schedule, context.request.category, range, context.calendar, context.steps);
}

export function isOnDuty(candidate: Candidate, context: MatchContext): ConstraintOutcome {
  const range = context.serviceRange;
  if (range.to <= range.from) return fail('the preferred window has passed');
  const asked = context.request.preferredWindow
    ? 'the preferred window'
    : `the next ${context.settings.horizonHours[context.request.urgency]} h`;
  return passesOnDuty(candidate, context) ? pass(`on duty during ${asked}`) : fail(`not on duty during ${asked}`);
}

export const constraints = [
  { name: 'active', passes: passesActive, check: isActive },
  { name: 'notExcluded', passes: passesNotExcluded, check: isNotExcluded },
  { name: 'capability', passes: passesCapability, check: hasCapability },
  { name: 'freeCapacity', passes: passesFreeCapacity, check: hasFreeCapacity },
  { name: 'specialGroupNeeds', passes: passesSpecialGroupNeeds, check: meetsSpecialGroupNeeds },
  { name: 'serviceArea', passes: passesServiceArea, check: coversServiceArea },
  { name: 'onDuty', passes: passesOnDuty, check: isOnDuty },
] as const satisfies readonly {
  name: string;
  passes: (candidate: Candidate, context: MatchContext) => boolean;
  check: (candidate: Candidate, context: MatchContext) => ConstraintOutcome;
}[];

export type ConstraintName = (typeof constraints)[number]['name'];

export const constraintNames: readonly ConstraintName[] = constraints.map((constraint) => constraint.name);

/** What failing each constraint means, as a short phrase for escalation messages. */
export const constraintLabels: Record<ConstraintName, { zh: string; en: string }> = {
  active: { zh: '未启用或已暂停', en: 'not active' },
  notExcluded: { zh: '已拒绝或超时未接单', en: 'declined or let an offer expire' },
  capability: { zh: '不提供该类服务', en: 'not offering this service' },
  freeCapacity: { zh: '任务已满', en: 'no free capacity' },
  specialGroupNeeds: { zh: '不提供上门服务', en: 'no home visits' },
  serviceArea: { zh: '服务范围未覆盖', en: 'area not served' },
  onDuty: { zh: '该时段不值班', en: 'not on duty at the requested time' },
};

export function noRejections(): Record<ConstraintName, number> {
  return { active: 0, notExcluded: 0, capability: 0, freeCapacity: 0, specialGroupNeeds: 0, serviceArea: 0, onDuty: 0 };
}

/**
 * The first constraint the candidate fails, or undefined when it passes them all: the predicates in
 * `constraints` order, called directly (the ranking's hot path; a test keeps the order the same).
 */
export function firstFailedConstraint(candidate: Candidate, context: MatchContext): ConstraintName | undefined {
  if (!passesActive(candidate)) return 'active';
  if (!passesNotExcluded(candidate, context)) return 'notExcluded';
  if (!passesCapability(candidate, context)) return 'capability';
  if (!passesFreeCapacity(candidate)) return 'freeCapacity';
  if (!passesSpecialGroupNeeds(candidate, context)) return 'specialGroupNeeds';
  if (!passesServiceArea(candidate, context)) return 'serviceArea';
  if (!passesOnDuty(candidate, context)) return 'onDuty';
  return undefined;
}
