/**
 * A need as the operators' desk lists it: what, where, for whom, how long it has been open and why
 * it is where it is. No contact details: those are on the need's own page (GET /needs/{id}/offers).
 */
import { serviceCategories } from '../catalog/service-categories.ts';
import type { CoBuildingUnit } from '../units/co-building-unit.ts';
import { suggestedUnits } from '../units/co-building-unit.ts';
import type { Need } from './need.ts';
import { closeOutcomeWords } from './operator-actions.ts';

export function reasonOf(need: Need): { zh: string; en: string } | undefined {
  switch (need.status) {
    case 'escalated':
      return need.escalation?.message;
    case 'waiting':
      return need.waiting?.reason;
    case 'referred':
      return need.referral ? { zh: `已转交${need.referral.unitName}`, en: `Referred to ${need.referral.unitName}` } : undefined;
    case 'closed':
      return need.closure ? closeOutcomeWords(need.closure.outcome) : undefined;
    default:
      return undefined;
  }
}

export function deskItem(need: Need, now: Date, units: readonly CoBuildingUnit[] = []) {
  const publicProblem = serviceCategories.find((category) => category.code === need.category && 'escalateOnly' in category && category.escalateOnly);
  return {
    id: need.id,
    status: need.status,
    category: need.category,
    communityId: need.communityId,
    gridId: need.gridId,
    urgency: need.urgency,
    specialGroups: need.specialGroups,
    description: need.description,
    createdAt: need.createdAt,
    updatedAt: need.updatedAt,
    ageMinutes: Math.max(0, Math.floor((now.getTime() - Date.parse(need.createdAt)) / 60_000)),
    reason: reasonOf(need),
    escalation: need.escalation,
    waiting: need.waiting,
    referral: need.referral,
    closure: need.closure,
    watchdog: need.watchdog,
    ...(publicProblem && need.status !== 'closed' ? { suggestedUnits: suggestedUnits(units, need.category) } : {}),
  };
}
