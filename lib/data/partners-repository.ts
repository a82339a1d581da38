/**
 * Partners in the single table: the profile item (`partnerKey`) and one capability item per
 * capability (`partnerCapabilityKey`, indexed by category for matching), written together in one
 * transaction so matching never sees a profile without its capabilities or the reverse.
 * Capability items carry what matching filters on first (skill level, status).
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type Partner, partnerSchema } from '../partners/partner.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { partnerCapabilityKey, partnerKey } from './keys.ts';

export interface TableAccess {
  client: DynamoDBDocumentClient;
  table: string;
}

const defaultAccess = (): TableAccess => ({ client: documentClient, table: tableName() });

/** Creates or replaces a partner; capability items it no longer has are deleted in the same transaction. */
export async function putPartner(partner: Partner, access: TableAccess = defaultAccess()): Promise<void> {
  const { client, table } = access;
  const current = new Set(partner.capabilities.map((capability) => partnerCapabilityKey(partner.id, capability.category).sk));
  const stale = (await capabilitySortKeys(partner.id, access)).filter((sk) => !current.has(sk));
  await client.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: table, Item: { ...partnerKey(partner.id), type: 'partner', ...partner } } },
        ...partner.capabilities.map((capability) => ({
          Put: {
            TableName: table,
            Item: {
              ...partnerCapabilityKey(partner.id, capability.category),
              type: 'partnerCapability',
              partnerId: partner.id,
              category: capability.category,
              skillLevel: capability.skillLevel,
              status: partner.status,
            },
          },
        })),
        ...stale.map((sk) => ({ Delete: { TableName: table, Key: { pk: partnerKey(partner.id).pk, sk } } })),
      ],
    }),
  );
}

export async function getPartner(partnerId: string, access: TableAccess = defaultAccess()): Promise<Partner | undefined> {
  const { Item } = await access.client.send(new GetCommand({ TableName: access.table, Key: partnerKey(partnerId) }));
  // The schema drops the key and type attributes and catches an item written by an older shape.
  return Item ? partnerSchema.parse(Item) : undefined;
}

async function capabilitySortKeys(partnerId: string, { client, table }: TableAccess): Promise<string[]> {
  const { Items } = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :capability)',
      ExpressionAttributeValues: { ':pk': partnerKey(partnerId).pk, ':capability': 'CAPABILITY#' },
      ProjectionExpression: 'sk',
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map((item) => String(item.sk));
}
