/**
 * Needs in the table: one item per need (its timeline inside), plus the idempotency record of a
 * submit. Access patterns are listed in ./keys.ts.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Need } from '../needs/need.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { idempotencyKey, needByCommunityIndexKey, needByStatusIndexKey, needKey, trackingLinkKey, waitingQueueIndexKey } from './keys.ts';
import { failedConditions, sendTransaction } from './transactions.ts';

export interface SubmitResult {
  id: string;
  trackingToken: string;
  status: 'submitted';
}

export interface IdempotencyRecord {
  keyHash: string;
  /** SHA-256 of the canonical request: a reused key with another body is refused. */
  requestHash: string;
  /** The first response, replayed to retries. Removed by TTL after the retry window. */
  result: SubmitResult;
  expiresAt: Date;
}

export type CreateNeedOutcome = { created: true } | { created: false; replay: IdempotencyRecord };

/** Thrown when a conditional write finds the item changed since it was read. */
export class StaleWrite extends Error {}

const table = tableName();

export function needItem(need: Need) {
  return {
    ...needKey(need.id),
    ...needByCommunityIndexKey(need.communityId, need.createdAt),
    // Every need sits in its status's partition (the desk, the escalation queue, the watchdog read them).
    ...needByStatusIndexKey(need.status, need.createdAt, need.id),
    ...(need.status === 'waiting'
      ? waitingQueueIndexKey(need.category, need.communityId, need.specialGroups.length > 0, need.createdAt, need.id)
      : {}),
    type: 'need',
    ...need,
  };
}

export function needFromItem(item: Record<string, unknown>): Need {
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, gsi3pk, gsi3sk, type, ...need } = item;
  return need as unknown as Need;
}

/**
 * The need, and beside it the tracking token in clear, which the residents' messages link to. It is
 * never part of the need item (every view and stream image would carry it); only the notifier reads
 * it, and it unlocks no more than the need it sits beside.
 */
export async function createNeed(need: Need, trackingToken: string, idempotency?: IdempotencyRecord): Promise<CreateNeedOutcome> {
  const putNeed = { TableName: table, Item: needItem(need), ConditionExpression: 'attribute_not_exists(pk)' };
  const putLink = { TableName: table, Item: { ...trackingLinkKey(need.id), type: 'trackingLink', token: trackingToken } };
  if (!idempotency) {
    await sendTransaction([{ Put: putNeed }, { Put: putLink }]);
    return { created: true };
  }
  try {
    await sendTransaction([
      { Put: putNeed },
      { Put: putLink },
      {
        Put: {
          TableName: table,
          Item: {
            ...idempotencyKey(idempotency.keyHash),
            type: 'idempotency',
            requestHash: idempotency.requestHash,
            result: idempotency.result,
            needId: need.id,
            ttl: Math.floor(idempotency.expiresAt.getTime() / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    return { created: true };
  } catch (error) {
    const idempotencyRecordExists = failedConditions(error)?.[2] === true;
    if (!idempotencyRecordExists) throw error;
    const replay = await getIdempotencyRecord(idempotency.keyHash);
    if (!replay) throw error;
    return { created: false, replay };
  }
}

async function getIdempotencyRecord(keyHash: string): Promise<IdempotencyRecord | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: idempotencyKey(keyHash), ConsistentRead: true }));
  if (!Item) return undefined;
  return {
    keyHash,
    requestHash: Item.requestHash as string,
    result: Item.result as SubmitResult,
    expiresAt: new Date((Item.ttl as number) * 1000),
  };
}

export async function getNeed(needId: string): Promise<Need | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: needKey(needId), ConsistentRead: true }));
  return Item ? needFromItem(Item) : undefined;
}

/** The write of a need's new state, conditional on the version it was computed from (for transactions too). */
export function needPutIfVersion(need: Need, expectedVersion: number) {
  return {
    TableName: table,
    Item: needItem(need),
    ConditionExpression: '#version = :expected',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':expected': expectedVersion },
  };
}

/** Writes the need's new state if nobody changed it since `expectedVersion` was read. */
export async function saveNeed(need: Need, expectedVersion: number): Promise<void> {
  try {
    await documentClient.send(new PutCommand(needPutIfVersion(need, expectedVersion)));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new StaleWrite(`need ${need.id} changed since version ${expectedVersion}`);
    throw error;
  }
}

/** The token of the need's tracking link, for the resident's messages only. */
export async function trackingTokenOf(needId: string): Promise<string | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: trackingLinkKey(needId) }));
  return typeof Item?.token === 'string' ? Item.token : undefined;
}

/** Needs waiting for operators (吹哨), oldest first: the first page of the escalated status's partition. */
export async function escalatedNeeds(limit = 100): Promise<Need[]> {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'workQueues',
      KeyConditionExpression: 'gsi2pk = :partition',
      ExpressionAttributeValues: { ':partition': needByStatusIndexKey('escalated', '', '').gsi2pk },
      Limit: limit,
    }),
  );
  return (Items ?? []).map(needFromItem);
}
