/**
 * Messages that must go out once per event although stream records arrive at least once: a marker
 * beside the need (`MESSAGE#<key>`) is claimed with a conditional put before sending, and an
 * operator alert is written to the operators' inbox in the same transaction as its marker.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { OperatorAlert } from '../messaging/operator-alert.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { operatorAlertKey, sentMessageKey } from './keys.ts';
import { alertExpiry } from './operator-inbox-repository.ts';
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

/** Writes the alert to the operators' inbox once, kept `retentionDays`; false when it was already there. */
export async function putOperatorAlert(alert: OperatorAlert, at: Date, retentionDays: number): Promise<boolean> {
  const ttl = alertExpiry(new Date(alert.at), retentionDays);
  try {
    await sendTransaction([
      { Put: { TableName: table, Item: marker(alert.needId, alert.id, at), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: table, Item: { ...operatorAlertKey(alert.at, alert.id), type: 'operatorAlert', ...alert, ttl } } },
    ]);
    return true;
  } catch (error) {
    if (failedConditions(error)?.[0]) return false;
    throw error;
  }
}
