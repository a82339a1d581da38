/** The operators' desk lists: any needs by status or community, and the escalation queue, a page at a time. */
import { now } from '../common/clock.ts';
import { InvalidInput } from '../common/domain-errors.ts';
import { listNeeds, listNeedsOfCommunities, type NeedListFilter } from '../data/need-lists.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { findCommunity } from '../district/district-lookups.ts';
import { deskItem } from '../needs/desk-views.ts';
import type { NeedStatus } from '../needs/need.ts';
import { decodeCursor, encodeCursor } from '../partners/list-cursor.ts';
import { unitsForSuggestions } from './co-building-units.ts';

export interface NeedListQuery {
  status?: NeedStatus | undefined;
  communityId?: string | undefined;
  category?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  order: 'newest' | 'oldest';
  limit: number;
  cursor?: string | undefined;
}

export async function needsForDesk(query: NeedListQuery, district: DistrictConfig) {
  if (query.communityId !== undefined && !findCommunity(district, query.communityId)) {
    throw new InvalidInput([{ field: 'communityId', code: 'unknown_value', detail: 'not a community of this district (see GET /catalog)' }]);
  }
  const filters = [query.status, query.communityId, query.category, query.from, query.to, query.order].map((value) => value ?? '').join('|');
  const filter: NeedListFilter = {
    order: query.order,
    ...(query.status ? { status: query.status } : {}),
    ...(query.communityId ? { communityId: query.communityId } : {}),
    ...(query.category ? { category: query.category } : {}),
    // Needs are indexed by their UTC creation instant; `to` is inclusive through the end of that day.
    ...(query.from ? { from: `${query.from}T00:00:00.000Z` } : {}),
    ...(query.to ? { to: `${query.to}T23:59:59.999Z` } : {}),
  };
  const start = query.cursor ? decodeCursor(query.cursor, filters) : undefined;
  const [page, units] = await Promise.all([
    filter.status || filter.communityId
      ? listNeeds(filter, { limit: query.limit, ...(start ? { start } : {}) })
      : listNeedsOfCommunities(
          district.communities.map((community) => community.id),
          filter,
          { limit: query.limit, ...(start ? { start } : {}) },
        ),
    unitsForSuggestions(),
  ]);
  const at = now();
  return {
    items: page.needs.map((need) => deskItem(need, at, units)),
    ...(page.next ? { cursor: encodeCursor(page.next, filters) } : {}),
  };
}
