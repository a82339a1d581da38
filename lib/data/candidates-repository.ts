/**
 * The matcher's candidates for a need: the partners indexed under its category (partnersByCategory),
 * then their profiles and standings in batches. Cost grows with the category's partners, not with
 * every partner of the district.
 */
import { BatchGetCommand, type BatchGetCommandOutput, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Candidate } from '../matching/candidate.ts';
import { partnerSchema } from '../partners/partner.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { partnerCapabilityKey, partnerKey, partnerStandingKey } from './keys.ts';
import { standingFromItem } from './partner-standing-items.ts';

const table = tableName();
const batchGetLimit = 100;

export async function partnerIdsForCategory(category: string): Promise<string[]> {
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'partnersByCategory',
        KeyConditionExpression: 'gsi1pk = :category',
        ExpressionAttributeValues: { ':category': partnerCapabilityKey('', category).gsi1pk },
        ProjectionExpression: 'partnerId',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) ids.push(String(item.partnerId));
    start = page.LastEvaluatedKey;
  } while (start);
  return ids;
}

export async function loadCandidates(category: string, now: Date): Promise<Candidate[]> {
  const ids = await partnerIdsForCategory(category);
  const profiles = new Map<string, Record<string, unknown>>();
  const standings = new Map<string, Record<string, unknown>>();
  const keys = ids.flatMap((id) => [partnerKey(id), partnerStandingKey(id)]);
  for (let offset = 0; offset < keys.length; offset += batchGetLimit) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(offset, offset + batchGetLimit);
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      const reply: BatchGetCommandOutput = await documentClient.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }));
      for (const item of reply.Responses?.[table] ?? []) {
        const id = String(item.pk).slice('PARTNER#'.length);
        (item.sk === 'PROFILE' ? profiles : standings).set(id, item);
      }
      pending = reply.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return ids.flatMap((id) => {
    const profile = profiles.get(id);
    if (!profile) return [];
    return [{ partner: partnerSchema.parse(profile), standing: standingFromItem(id, standings.get(id), now) }];
  });
}

/** One partner as a candidate (profile and live standing), for an operator's assignment. */
export async function loadCandidate(partnerId: string, now: Date): Promise<Candidate | undefined> {
  const reply = await documentClient.send(
    new BatchGetCommand({ RequestItems: { [table]: { Keys: [partnerKey(partnerId), partnerStandingKey(partnerId)], ConsistentRead: true } } }),
  );
  const items = reply.Responses?.[table] ?? [];
  const profile = items.find((item) => item.sk === 'PROFILE');
  if (!profile) return undefined;
  return { partner: partnerSchema.parse(profile), standing: standingFromItem(partnerId, items.find((item) => item.sk === 'STANDING'), now) };
}
