/**
 * The follow-up queue (回访) as operators read it: each low rating with what it was about (the
 * need's category, community and grid, special groups, and the partner), so that a page of the
 * worklist is two reads, the queue and then its needs in one BatchGetItem, rather than one request
 * per follow-up from the console. Nothing of the resident's contact is added.
 */
import { needsByIds } from '../data/partner-work-repository.ts';
import { type FollowUp, openFollowUps } from '../data/ratings-repository.ts';
import type { Need } from '../needs/need.ts';

export interface FollowUpNeed {
  category: string;
  communityId: string;
  gridId?: string;
  specialGroups: string[];
  partner?: NonNullable<Need['assignedPartner']>;
}

export type FollowUpWithNeed = FollowUp & { need?: FollowUpNeed };

export async function followUpsWithNeeds(page: {
  limit: number;
  start?: Record<string, unknown>;
}): Promise<{ followUps: FollowUpWithNeed[]; next?: Record<string, unknown> }> {
  const { followUps, next } = await openFollowUps(page);
  const needs = followUps.length === 0 ? [] : await needsByIds(followUps.map((followUp) => followUp.needId));
  const byId = new Map(needs.map((need) => [need.id, need]));
  return {
    followUps: followUps.map((followUp) => {
      const need = byId.get(followUp.needId);
      return need ? { ...followUp, need: followUpNeedOf(need) } : followUp;
    }),
    ...(next ? { next } : {}),
  };
}

function followUpNeedOf(need: Need): FollowUpNeed {
  return {
    category: need.category,
    communityId: need.communityId,
    ...(need.gridId ? { gridId: need.gridId } : {}),
    specialGroups: need.specialGroups,
    ...(need.assignedPartner ? { partner: need.assignedPartner } : {}),
  };
}
