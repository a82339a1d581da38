import { InvalidInput } from '#lib/common/domain-errors.ts';
import { listPartners } from '#lib/data/partners-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { findCommunity } from '#lib/district/district-lookups.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { listQuerySchema } from '#lib/api/request-schemas.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { decodeCursor, encodeCursor } from '#lib/partners/list-cursor.ts';
import { listedPartnerView } from '#lib/partners/partner-views.ts';

const district = currentDistrict();

/**
 * Operators page through the district's partners, optionally by status, category and community:
 * without a category sorted by status then name, with one by id. A page can be shorter than
 * `limit` while a `cursor` says more follow.
 */
export async function listPartnersForOperator(event: HttpEvent) {
  const query = parseInput(listQuerySchema, event.queryStringParameters ?? {});
  const community = query.communityId === undefined ? undefined : findCommunity(district, query.communityId);
  if (query.communityId !== undefined && !community) {
    throw new InvalidInput([
      { field: 'communityId', code: 'unknown_value', detail: 'not a community of this district (see GET /catalog)' },
    ]);
  }
  const filters = [query.status, query.category, query.communityId].map((value) => value ?? '').join('|');
  const page = await listPartners(
    {
      ...(query.status ? { status: query.status } : {}),
      ...(query.category ? { category: query.category } : {}),
      ...(community ? { communityId: community.id, communityGrids: community.grids.map((grid) => grid.id) } : {}),
    },
    { limit: query.limit, ...(query.cursor ? { start: decodeCursor(query.cursor, filters) } : {}) },
  );
  return jsonResponse(200, {
    items: page.records.map(listedPartnerView),
    ...(page.next ? { cursor: encodeCursor(page.next, filters) } : {}),
  });
}

export const handler = httpHandler(listPartnersForOperator);
