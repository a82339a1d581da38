/** Co-building units in the table: one item each, listed by name through itemsByOwner (gsi3pk=UNITS). */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CoBuildingUnit } from '../units/co-building-unit.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { unitKey, unitsListIndexKey } from './keys.ts';
import { StaleWrite } from './needs-repository.ts';
import { checkedStartKey } from './start-keys.ts';

const table = tableName();

function unitItem(unit: CoBuildingUnit) {
  return { ...unitKey(unit.id), ...unitsListIndexKey(unit.name, unit.id), type: 'unit', ...unit };
}

function unitFromItem(item: Record<string, unknown>): CoBuildingUnit {
  const { pk, sk, gsi3pk, gsi3sk, type, ...unit } = item;
  return unit as unknown as CoBuildingUnit;
}

export async function getUnit(unitId: string): Promise<CoBuildingUnit | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: unitKey(unitId), ConsistentRead: true }));
  return Item ? unitFromItem(Item) : undefined;
}

/** Writes a new unit, or a unit's next version if nobody changed it since `expectedVersion`. */
export async function putUnit(unit: CoBuildingUnit, expectedVersion?: number): Promise<void> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: table,
        Item: unitItem(unit),
        ...(expectedVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectedVersion } }),
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new StaleWrite(`unit ${unit.id} changed`);
    throw error;
  }
}

/** Returns false when there was no such unit. */
export async function deleteUnit(unitId: string): Promise<boolean> {
  try {
    await documentClient.send(new DeleteCommand({ TableName: table, Key: unitKey(unitId), ConditionExpression: 'attribute_exists(pk)' }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function listUnits(page: { limit: number; start?: Record<string, unknown> }): Promise<{ units: CoBuildingUnit[]; next?: Record<string, unknown> }> {
  const reply = await documentClient.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'itemsByOwner',
      KeyConditionExpression: 'gsi3pk = :units',
      ExpressionAttributeValues: { ':units': unitsListIndexKey('', '').gsi3pk },
      Limit: page.limit,
      ExclusiveStartKey: page.start && checkedStartKey(page.start, 'itemsByOwner', unitsListIndexKey('', '').gsi3pk),
    }),
  );
  return { units: (reply.Items ?? []).map(unitFromItem), ...(reply.LastEvaluatedKey ? { next: reply.LastEvaluatedKey } : {}) };
}
