/**
 * The counters behind the open form's limits (lib/needs/submission-limits.ts): a phone number's
 * recent needs, written in the same transaction as the need so two racing submits cannot both
 * pass, and a client's count of requests per clock minute. Both expire by TTL.
 */
import { createHash } from 'node:crypto';
import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { PhoneHistory } from '../needs/submission-limits.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { clientWindowKey, needKey, phoneHistoryKey } from './keys.ts';
import type { TransactionItems } from './transactions.ts';

const table = tableName();
const phoneHistoryDays = 30;

export function districtHash(districtId: string, value: string): string {
  return createHash('sha256').update(`${districtId}\n${value}`, 'utf8').digest('hex');
}

export async function getPhoneHistory(phoneHash: string): Promise<PhoneHistory | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: phoneHistoryKey(phoneHash), ConsistentRead: true }));
  if (!Item) return undefined;
  return { version: Number(Item.version), entries: (Item.entries as PhoneHistory['entries']) ?? [] };
}

/** The current status of each need (bounded: a phone history holds a handful). */
export async function needStatuses(needIds: readonly string[]): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  let pending: Record<string, unknown>[] | undefined = [...new Set(needIds)].slice(0, 100).map(needKey);
  for (let attempt = 0; pending && pending.length > 0 && attempt < 5; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    const reply: BatchGetCommandOutput = await documentClient.send(
      new BatchGetCommand({
        RequestItems: { [table]: { Keys: pending, ProjectionExpression: 'id, #status', ExpressionAttributeNames: { '#status': 'status' } } },
      }),
    );
    for (const item of reply.Responses?.[table] ?? []) statuses.set(String(item.id), String(item.status));
    pending = reply.UnprocessedKeys?.[table]?.Keys;
  }
  return statuses;
}

/** The write of a phone's next history, conditional on the version read: part of the need's transaction. */
export function phoneHistoryWrite(phoneHash: string, next: PhoneHistory, now: Date): TransactionItems[number] {
  return {
    Put: {
      TableName: table,
      Item: {
        ...phoneHistoryKey(phoneHash),
        type: 'phoneHistory',
        version: next.version,
        entries: next.entries,
        ttl: Math.floor(now.getTime() / 1000) + phoneHistoryDays * 86_400,
      },
      ConditionExpression: next.version === 1 ? 'attribute_not_exists(pk)' : 'version = :read',
      ...(next.version === 1 ? {} : { ExpressionAttributeValues: { ':read': next.version - 1 } }),
    },
  };
}

/**
 * Counts one request of a client in the current clock minute, atomically (no read, no contention):
 * false when the client already sent its limit this minute.
 */
export function countClientRequest(clientHash: string, minute: string, limit: number, now: Date): Promise<boolean> {
  return countInWindow(clientWindowKey(clientHash, minute), limit, 'clientWindow', Math.floor(now.getTime() / 1000) + 3600);
}

/** One more in a counter item (a client's minute, a phone's day of codes), atomically: false at the limit. */
export async function countInWindow(key: Record<string, string>, limit: number, type: string, ttlSeconds: number): Promise<boolean> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'ADD #count :one SET #type = :type, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count', '#type': 'type', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':type': type, ':ttl': ttlSeconds },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
