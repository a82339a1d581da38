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

export function isActive({ partner }: Candidate): ConstraintOutcome {
  return partner.status === 'active' ? pass('active') : fail(`status is ${partner.status}`);
}

export function isNotExcluded({ partner }: Candidate, context: MatchContext): ConstraintOutcome {
  return context.excluded.has(partner.id) ? fail('declined this need or let an offer for it expire') : pass('has not declined this need');
}

export function hasCapability({ partner }: Candidate, context: MatchContext): ConstraintOutcome {
  const { category } = context.request;
  countSteps(context.steps, partner.capabilities.length);
  return partner.capabilities.some((capability) => capability.category === category)
    ? pass(`offers ${category}`)
    : fail(`does not offer ${category}`);
}

export function hasFreeCapacity({ partner, standing }: Candidate): ConstraintOutcome {
  const load = `${standing.openOrders} of ${partner.capacity} orders open`;
  return standing.openOrders < partner.capacity ? pass(load) : fail(load);
}

export function meetsSpecialGroupNeeds({ partner }: Candidate, context: MatchContext): ConstraintOutcome {
  if (!context.homeVisitsRequired) return pass('no special requirement');
  return partner.homeVisits ? pass('makes home visits') : fail('needs home visits, which this partner does not make');
}

export function coversServiceArea({ partner }: Candidate, context: MatchContext): ConstraintOutcome {
  const { communityId, gridId, location } = context.request;
  const area = partner.serviceArea;
  // At most: the grids against each grid of the community, and the communities.
  if (context.steps) countSteps(context.steps, area.grids.length * (1 + gridsOfCommunity(context, communityId).length) + area.communities.length);
  if (area.grids.length > 0) {
    if (gridId && area.grids.includes(gridId)) return pass(`serves grid ${gridId}`);
    // The resident did not know the grid (the form allows it): any grid of the community will do.
    if (!gridId && gridsOfCommunity(context, communityId).some((grid) => area.grids.includes(grid))) {
      return pass(`serves a grid of community ${communityId} (the need names no grid)`);
    }
  } else if (area.communities.includes(communityId)) {
    return pass(`serves community ${communityId}`);
  }
  if (area.radiusKm !== undefined && partner.base && location) {
    const km = haversineKm(partner.base, location);
    if (km <= area.radiusKm) return pass(`within ${area.radiusKm} km of its base (${km.toFixed(1)} km)`);
  }
  return fail(area.grids.length > 0 ? 'the need is outside the grids it serves' : 'the need is outside its service area');
}

function gridsOfCommunity(context: MatchContext, communityId: string): string[] {
  return context.district.communities.find((community) => community.id === communityId)?.grids.map((grid) => grid.id) ?? [];
}

export function isOnDuty({ partner }: Candidate, context: MatchContext): ConstraintOutcome {
  const range = context.serviceRange;
  if (range.to <= range.from) return fail('the preferred window has passed');
  const asked = context.request.preferredWindow
    ? 'the preferred window'
    : `the next ${context.settings.horizonHours[context.request.urgency]} h`;
  return dutyOverlaps(partner.schedule, context.request.category, range, context.calendar, context.steps)
    ? pass(`on duty during ${asked}`)
    : fail(`not on duty during ${asked}`);
}

export const constraints = [
  { name: 'active', check: isActive },
  { name: 'notExcluded', check: isNotExcluded },
  { name: 'capability', check: hasCapability },
  { name: 'freeCapacity', check: hasFreeCapacity },
  { name: 'specialGroupNeeds', check: meetsSpecialGroupNeeds },
  { name: 'serviceArea', check: coversServiceArea },
  { name: 'onDuty', check: isOnDuty },
] as const satisfies readonly { name: string; check: (candidate: Candidate, context: MatchContext) => ConstraintOutcome }[];

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

/** The first constraint the candidate fails, or undefined when it passes them all. */
export function firstFailedConstraint(candidate: Candidate, context: MatchContext): ConstraintName | undefined {
  for (const constraint of constraints) {
    if (!constraint.check(candidate, context).passed) return constraint.name;
  }
  return undefined;
}
