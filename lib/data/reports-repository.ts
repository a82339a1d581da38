/**
 * The district's active partners for the reports (the partner list partition of itemsByOwner, by
 * status), and each community's needs created in a period (itemsByOwner by community and
 * creation time): the reports no longer read needs (they read the counters of
 * ./report-counters-repository.ts); the read benchmark keeps it as its per-need baseline.
 */
import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { type Partner, partnerSchema } from '../partners/partner.ts';
import type { DemandRecord } from '../reports/supply-demand.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { needByCommunityIndexKey, partnersListIndexKey } from './keys.ts';

const table = tableName();

async function queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await documentClient.send(new QueryCommand({ ...input, TableName: table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

export async function needsOfCommunity(communityId: string, from: string, to: string): Promise<DemandRecord[]> {
  const items = await queryAll({
    IndexName: 'itemsByOwner',
    KeyConditionExpression: 'gsi3pk = :community AND gsi3sk BETWEEN :from AND :to',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':community': needByCommunityIndexKey(communityId, '').gsi3pk,
      ':from': needByCommunityIndexKey(communityId, from).gsi3sk,
      ':to': needByCommunityIndexKey(communityId, to).gsi3sk,
    },
    ProjectionExpression: 'category, communityId, #status, escalation.code',
  });
  return items.map((item) => ({
    category: String(item.category),
    communityId: String(item.communityId),
    status: item.status as DemandRecord['status'],
    escalationCode: (item.escalation as { code?: string } | undefined)?.code,
  }));
}

export async function activePartners(): Promise<Partner[]> {
  const items = await queryAll({
    IndexName: 'itemsByOwner',
    KeyConditionExpression: 'gsi3pk = :partners AND begins_with(gsi3sk, :active)',
    ExpressionAttributeValues: { ':partners': partnersListIndexKey('', '', '').gsi3pk, ':active': 'active#' },
  });
  return items.map((item) => partnerSchema.parse(item));
}
