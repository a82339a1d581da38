import { escalatedNeeds } from '#lib/data/needs-repository.ts';
import { jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';

/** The operators' queue of needs no partner could take (吹哨), oldest first, with the reasons. */
export async function listEscalations() {
  const needs = await escalatedNeeds();
  return jsonResponse(200, {
    needs: needs.map((need) => ({
      id: need.id,
      category: need.category,
      communityId: need.communityId,
      gridId: need.gridId,
      urgency: need.urgency,
      specialGroups: need.specialGroups,
      description: need.description,
      escalation: need.escalation,
      createdAt: need.createdAt,
    })),
  });
}

export const handler = httpHandler(listEscalations);
