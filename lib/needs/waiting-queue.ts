/** Who is released first when a partner's place frees up: special groups first, then the oldest need. Pure. */
import type { Need } from './need.ts';

/** Release order: special groups first, then the oldest need (ties by id, so it is total). */
export function releaseOrder(left: Pick<Need, 'specialGroups' | 'createdAt' | 'id'>, right: Pick<Need, 'specialGroups' | 'createdAt' | 'id'>): number {
  const special = Number(left.specialGroups.length === 0) - Number(right.specialGroups.length === 0);
  return special || left.createdAt.localeCompare(right.createdAt) || left.id.localeCompare(right.id);
}
