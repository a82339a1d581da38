import { getNeed } from '#lib/data/needs-repository.ts';
import { needWithOffers } from '#lib/data/offers-repository.ts';
import { needsPostedBetween } from '#lib/data/open311-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import type { HttpEvent } from '#lib/http/http-event.ts';
import { parseInput } from '#lib/http/validate.ts';
import { isNeedId, type Need } from '#lib/needs/need.ts';
import { renderList } from '#lib/open311/open311-format.ts';
import { answerOpen311, checkJurisdiction, formatOf, Open311NotFound, open311Response } from '#lib/open311/open311-http.ts';
import { knownIds, listPeriod, maxRequestsListed, open311ListQuerySchema } from '#lib/open311/open311-query.ts';
import { open311RequestOf, open311Status } from '#lib/open311/open311-views.ts';

const district = currentDistrict();

/** When the partner that took the order said it can come: the accepted offer's availability. */
async function oneRequest(needId: string) {
  const { need, offers } = isNeedId(needId) ? await needWithOffers(needId) : { need: undefined, offers: [] };
  if (!need) throw new Open311NotFound('service_request_id', `service_request_id ${needId}`);
  const accepted = offers.find((offer) => offer.status === 'accepted' && offer.partnerId === need.assignedPartner?.id);
  const expectedAt = need.status === 'accepted' || need.status === 'started' ? accepted?.explanation.availability.from : undefined;
  return open311RequestOf(need, expectedAt);
}

/** GET requests.{format} with the standard's filters, and requests/{service_request_id}.{format}. */
export async function getRequests(event: HttpEvent) {
  return answerOpen311(event, async (format) => {
    const query = parseInput(open311ListQuerySchema, event.queryStringParameters ?? {});
    checkJurisdiction(query.jurisdiction_id, district.id);
    if (event.pathParameters?.requestFile) {
      return open311Response(200, format, renderList(format, 'service_requests', 'request', [await oneRequest(formatOf(event).name)]));
    }
    let needs: Need[];
    if (query.service_request_id) {
      needs = (await Promise.all(knownIds(query.service_request_id).map(getNeed))).filter((need): need is Need => need !== undefined);
    } else {
      const period = listPeriod(query, Date.now());
      needs = (
        await needsPostedBetween(
          district.communities.map((community) => community.id),
          period.from,
          period.to,
          maxRequestsListed,
        )
      )
        .filter((need) => !query.service_code || query.service_code.includes(need.category))
        .filter((need) => !query.status || query.status.includes(open311Status(need.status)))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    }
    return open311Response(
      200,
      format,
      renderList(
        format,
        'service_requests',
        'request',
        needs.map((need) => open311RequestOf(need)),
      ),
    );
  });
}

