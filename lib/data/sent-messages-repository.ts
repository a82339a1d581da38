/**
 * Messages that must go out once per event although stream records arrive at least once: a marker
 * beside the need (`MESSAGE#<key>`) is claimed with a conditional put before sending, and an
 * operator alert is written to the operators' inbox in the same transaction as its marker.
 */
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { InvalidInput } from '../common/domain-errors.ts';
import type { OperatorAlert } from '../messaging/operator-alert.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { operatorAlertKey, sentMessageKey } from './keys.ts';
import { failedConditions, sendTransaction } from './transactions.ts';

const table = tableName();
/** Markers are only needed while a stream record may be retried (a day at most). */
const markerDays = 7;

function marker(needId: string, key: string, at: Date) {
  return { ...sentMessageKey(needId, key), type: 'sentMessage', at: at.toISOString(), ttl: Math.floor(at.getTime() / 1000) + markerDays * 86_400 };
}

/** True the first time for this key; false when it was claimed before (a duplicate delivery). */
export async function claimMessage(needId: string, key: string, at: Date): Promise<boolean> {
  try {
    await documentClient.send(new PutCommand({ TableName: table, Item: marker(needId, key, at), ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Gives a claim back when the send failed for a reason worth retrying, so the retried record sends it. */
export async function releaseMessage(needId: string, key: string): Promise<void> {
  await documentClient.send(new DeleteCommand({ TableName: table, Key: sentMessageKey(needId, key) }));
}

/** Writes the alert to the operators' inbox once; false when it was already there. */
export async function putOperatorAlert(alert: OperatorAlert, at: Date): Promise<boolean> {
  try {
    await sendTransaction([
      { Put: { TableName: table, Item: marker(alert.needId, alert.id, at), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: table, Item: { ...operatorAlertKey(alert.at, alert.id), type: 'operatorAlert', ...alert } } },
    ]);
    return true;
  } catch (error) {
    if (failedConditions(error)?.[0]) return false;
    throw error;
  }
}

export async function operatorInbox(page: { limit: number; start?: Record<string, unknown> }): Promise<{ alerts: OperatorAlert[]; next?: Record<string, unknown> }> {
  const reply = await documentClient.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :operators AND begins_with(sk, :alerts)',
      ExpressionAttributeValues: { ':operators': operatorAlertKey('', '').pk, ':alerts': 'ALERT#' },
      ScanIndexForward: false,
      Limit: page.limit,
      ExclusiveStartKey: page.start && inboxStartKey(page.start),
    }),
  );
  const alerts = (reply.Items ?? []).map(({ pk, sk, type, ...alert }) => alert as OperatorAlert);
  return { alerts, ...(reply.LastEvaluatedKey ? { next: reply.LastEvaluatedKey } : {}) };
}

/** A cursor's start key must be an inbox item's own key (pk OPERATORS, sk ALERT#…), or it is refused (400). */
function inboxStartKey(start: Record<string, unknown>): Record<string, string> {
  const { pk, sk, ...rest } = start;
  if (pk !== operatorAlertKey('', '').pk || typeof sk !== 'string' || !sk.startsWith('ALERT#') || sk.length > 1024 || Object.keys(rest).length > 0) {
    throw new InvalidInput([{ field: 'cursor', code: 'invalid_value', detail: 'is not a cursor this API returned' }]);
  }
  return { pk, sk };
}
