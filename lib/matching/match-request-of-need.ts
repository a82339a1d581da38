import type { Need } from '../needs/need.ts';
import type { MatchRequest } from './match-request.ts';

/** The matcher's view of a stored need, with the partners already excluded for it. */
export function matchRequestOfNeed(need: Need, excludedPartnerIds: string[]): MatchRequest {
  return {
    needId: need.id,
    category: need.category as MatchRequest['category'],
    communityId: need.communityId,
    gridId: need.gridId,
    location: need.location,
    preferredWindow: need.preferredWindow,
    urgency: need.urgency,
    specialGroups: need.specialGroups,
    submittedAt: need.createdAt,
    excludedPartnerIds,
  };
}
