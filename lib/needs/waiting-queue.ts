/**
 * Who is released first when a partner's place frees up, and which queues a partner can serve:
 * special groups first, then the oldest need; the queues are the partner's categories in the
 * communities its area covers. Pure.
 */
import type { DistrictConfig } from '../district/district-config.ts';
import type { Partner } from '../partners/partner.ts';
import type { Need } from './need.ts';

export function communitiesServedBy(partner: Pick<Partner, 'serviceArea'>, district: DistrictConfig): string[] {
  const area = partner.serviceArea;
  if (area.radiusKm !== undefined) return district.communities.map((community) => community.id);
  if (area.grids.length > 0) {
    return district.communities.filter((community) => community.grids.some((grid) => area.grids.includes(grid.id))).map((community) => community.id);
  }
  return area.communities;
}

/** Release order: special groups first, then the oldest need (ties by id, so it is total). */
export function releaseOrder(left: Pick<Need, 'specialGroups' | 'createdAt' | 'id'>, right: Pick<Need, 'specialGroups' | 'createdAt' | 'id'>): number {
  const special = Number(left.specialGroups.length === 0) - Number(right.specialGroups.length === 0);
  return special || left.createdAt.localeCompare(right.createdAt) || left.id.localeCompare(right.id);
}
