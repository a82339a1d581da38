/**
 * What the Open311 request list reads: each community's needs posted in a period, newest first
 * (itemsByOwner by community and creation time, as in ./keys.ts), at most `limit` in all.
 */
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Need } from '../needs/need.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { needByCommunityIndexKey } from './keys.ts';
import { needFromItem } from './needs-repository.ts';

const table = tableName();

export async function needsPostedBetween(communityIds: readonly string[], from: string, to: string, limit: number): Promise<Need[]> {
  const needs: Need[] = [];
  for (const communityId of communityIds) {
    let start: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await documentClient.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'itemsByOwner',
          KeyConditionExpression: 'gsi3pk = :community AND gsi3sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':community': needByCommunityIndexKey(communityId, '').gsi3pk,
            ':from': needByCommunityIndexKey(communityId, from).gsi3sk,
            ':to': needByCommunityIndexKey(communityId, to).gsi3sk,
          },
          ScanIndexForward: false,
          Limit: limit - needs.length,
          ExclusiveStartKey: start,
        }),
      );
      needs.push(...(page.Items ?? []).map(needFromItem));
      start = page.LastEvaluatedKey;
    } while (start && needs.length < limit);
    if (needs.length >= limit) break;
  }
  return needs;
}
