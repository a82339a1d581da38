/**
 * The matcher's candidates for a need: one query of the projection items of its category in its
 * community (lib/data/candidate-items.ts), active partners with free capacity first, least loaded
 * first, at most `candidateReadLimit` of them. The read does not grow with the category's partners in
 * the district: one request, whatever their number.
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Candidate } from '../matching/candidate.ts';
import {
  candidateFromItem,
  candidateOrderKey,
  candidatesIndexKey,
  isCandidateSortKey,
  openOrdersOf,
  standingCounters,
} from './candidate-items.ts';
import { partnerSchema } from '../partners/partner.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { partnerKey, partnerStandingKey } from './keys.ts';
import { staleDayCounters, standingFromItem } from './partner-standing-items.ts';
import { candidateReadLimit } from '../matching/candidate.ts';

const table = tableName();

export { candidateReadLimit };

export async function loadCandidates(need: { category: string; communityId: string }, now: Date): Promise<Candidate[]> {
  const page = await documentClient.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'partnersByCategory',
      KeyConditionExpression: 'gsi1pk = :key',
      ExpressionAttributeValues: { ':key': candidatesIndexKey(need.category, need.communityId) },
      Limit: candidateReadLimit,
    }),
  );
  return (page.Items ?? []).map((item) => candidateFromItem(item, now));
}

/**
 * Copies the partner's standing counters into its projection items (after a change of its standing
 * or its profile), and re-sorts them: a partner whose last slot was taken moves behind the free ones.
 */
export async function refreshCandidateStanding(partnerId: string): Promise<number> {
  const [{ Item: standing }, { Items: owned = [] }] = await Promise.all([
    documentClient.send(new GetCommand({ TableName: table, Key: partnerStandingKey(partnerId), ConsistentRead: true })),
    documentClient.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partnerKey(partnerId).pk, ':prefix': 'CAPABILITY#' },
        ConsistentRead: true,
      }),
    ),
  ]);
  await forgetOldDays(partnerId, standing, new Date());
  const counters = standingCounters(standing);
  const projections = owned.filter((item) => isCandidateSortKey(String(item.sk)));
  for (const item of projections) {
    const { partner } = candidateFromItem(item, new Date());
    await documentClient
      .send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET standing = :standing, gsi1sk = :order',
          // A projection removed by a profile write meanwhile stays removed.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':standing': counters, ':order': candidateOrderKey(partner, openOrdersOf(counters)) },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      });
  }
  return projections.length;
}

/**
 * Keeps the standing item's per-day offer counters a rolling window: the days before the recent
 * window are removed (the matcher never reads them), so the item does not grow a counter per day
 * forever. Its own write comes back through the stream once, finding nothing more to remove.
 */
async function forgetOldDays(partnerId: string, standing: Record<string, unknown> | undefined, now: Date): Promise<void> {
  const stale = staleDayCounters(standing, now);
  if (stale.length === 0) return;
  await documentClient
    .send(
      new UpdateCommand({
        TableName: table,
        Key: partnerStandingKey(partnerId),
        UpdateExpression: `REMOVE ${stale.map((_, index) => `#day${index}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(stale.map((name, index) => [`#day${index}`, name])),
      }),
    )
    .catch((error: unknown) => {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    });
}

/** One partner as a candidate (profile and live standing), for an operator's assignment. */
export async function loadCandidate(partnerId: string, now: Date): Promise<Candidate | undefined> {
  const [{ Item: profile }, { Item: standing }] = await Promise.all([
    documentClient.send(new GetCommand({ TableName: table, Key: partnerKey(partnerId), ConsistentRead: true })),
    documentClient.send(new GetCommand({ TableName: table, Key: partnerStandingKey(partnerId), ConsistentRead: true })),
  ]);
  if (!profile) return undefined;
  return { partner: partnerSchema.parse(profile), standing: standingFromItem(partnerId, standing, now) };
}
