/**
 * The matcher's projection of a partner: one item per (category it offers, community it serves),
 * carrying its whole profile and its raw standing counters, indexed by category and community on
 * partnersByCategory (`CANDIDATES#<category>#<community>`), ordered so that active partners with free
 * capacity come first, least loaded first. One query then yields a need's candidates, however many
 * partners the category has in the district, without a BatchGet.
 *
 * The profile part is written with the profile (partners-repository's transaction); the standing
 * part is refreshed from the stream (functions/matching/project-partner-standing.ts), so it may lag
 * a moment behind: the offer transaction's condition on the standing item still guards capacity.
 * Nothing is decided here: the constraints and objectives run on the projected profile as on the
 * partner itself (grids, communities, radius, home visits, rosters).
 */
import type { DistrictConfig } from '../district/district-config.ts';
import type { Candidate } from '../matching/candidate.ts';
import { type Partner, partnerSchema } from '../partners/partner.ts';
import { standingFromItem } from './partner-standing-items.ts';

/** Under the capability items' prefix, so a profile write finds and removes stale ones with them. */
export const candidateSortKey = (category: string, communityId: string) => `CAPABILITY#${category}#IN#${communityId}`;

export const candidatesIndexKey = (category: string, communityId: string) => `CANDIDATES#${category}#${communityId}`;

export function isCandidateSortKey(sk: string): boolean {
  return sk.startsWith('CAPABILITY#') && sk.includes('#IN#');
}

/** The communities whose needs the partner may serve: listed, holding a listed grid, or any (radius: the constraint decides). */
export function communitiesServed(partner: Partner, district: DistrictConfig): string[] {
  const area = partner.serviceArea;
  return district.communities
    .filter(
      (community) =>
        area.radiusKm !== undefined ||
        area.communities.includes(community.id) ||
        community.grids.some((grid) => area.grids.includes(grid.id)),
    )
    .map((community) => community.id);
}

/**
 * Active partners with a free slot first (`A`), least loaded first; the others after (`Z`), still
 * read when few, so escalations keep counting why they were rejected.
 */
export function candidateOrderKey(partner: Partner, openOrders: number): string {
  const free = partner.status === 'active' && openOrders < partner.capacity;
  const load = partner.capacity > 0 ? Math.min(999, Math.round((1000 * openOrders) / partner.capacity)) : 999;
  return `${free ? 'A' : 'Z'}#${String(load).padStart(3, '0')}#${partner.id}`;
}

export function openOrdersOf(standing: Record<string, unknown> | undefined): number {
  return typeof standing?.openOrders === 'number' ? Math.max(0, standing.openOrders) : 0;
}

/** The standing counters as stored (without keys), for the projection. */
export function standingCounters(item: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!item) return {};
  const { pk: _pk, sk: _sk, ...counters } = item;
  return counters;
}

export function candidateItems(partner: Partner, district: DistrictConfig, standing?: Record<string, unknown>) {
  const communities = communitiesServed(partner, district);
  const counters = standingCounters(standing);
  const order = candidateOrderKey(partner, openOrdersOf(counters));
  return partner.capabilities.flatMap((capability) =>
    communities.map((communityId) => ({
      pk: `PARTNER#${partner.id}`,
      sk: candidateSortKey(capability.category, communityId),
      gsi1pk: candidatesIndexKey(capability.category, communityId),
      gsi1sk: order,
      type: 'candidate',
      partnerId: partner.id,
      partner,
      standing: counters,
    })),
  );
}

export function candidateFromItem(item: Record<string, unknown>, now: Date): Candidate {
  const partner = partnerSchema.parse(item.partner);
  const standing = (item.standing ?? {}) as Record<string, unknown>;
  return { partner, standing: standingFromItem(partner.id, standing, now) };
}
