/**
 * The text outbox's items (lib/messaging/text-outbox.ts): a text is queued with a conditional Put
 * (a second write of the same dedupe key is a no-op), claimed by the sender with a conditional
 * update that hands it the text, given back when the send may be retried, and closed with its
 * outcome, the phone number and the text removed. The item expires a day after it was queued.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TextMessage } from '../messaging/text-message.ts';
import { type OutboxDelivery, type OutboxMessage, staleClaimSeconds, textKeepSeconds } from '../messaging/text-outbox.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { textMessageKey } from './keys.ts';
import type { TransactionItems } from './transactions.ts';

const table = tableName();

/** The Put of a queued text: alone, or in the transaction of the write that causes it. */
export function textMessagePut(message: OutboxMessage, now: Date): NonNullable<TransactionItems[number]['Put']> {
  return {
    TableName: table,
    Item: {
      ...textMessageKey(message.dedupeKey),
      type: 'textMessage',
      to: message.to,
      text: message.text,
      purpose: message.purpose,
      dedupeKey: message.dedupeKey,
      ...(message.subject ? { subject: message.subject } : {}),
      ...(message.channel === 'email' ? { channel: 'email', title: message.title } : {}),
      ...(message.delivery ? { delivery: message.delivery } : {}),
      status: 'queued',
      attempts: 0,
      queuedAt: now.toISOString(),
      ttl: Math.floor(now.getTime() / 1000) + textKeepSeconds,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
}

/** Queues a text on its own; false when a text with its dedupe key was queued before (nothing written). */
export async function queueTextMessage(message: OutboxMessage, now: Date): Promise<boolean> {
  try {
    await documentClient.send(new PutCommand(textMessagePut(message, now)));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export interface ClaimedText {
  message: OutboxMessage;
  /** This send's number, counting the one being claimed. */
  attempt: number;
}

/**
 * Takes the text for one send: only while it is queued (or its last claim is stale), so a
 * redelivered record sends nothing twice. `done` when it was sent, failed or is gone; `busy` while
 * another delivery's claim is live (the stream delivers one item's records one at a time, so that
 * other delivery died: its claim goes stale and a later delivery takes it).
 */
export async function claimTextMessage(dedupeKey: string, now: Date): Promise<ClaimedText | 'done' | 'busy'> {
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: table,
        Key: textMessageKey(dedupeKey),
        UpdateExpression: 'SET #status = :sending, claimedAt = :now ADD attempts :one',
        ConditionExpression: 'attribute_exists(#to) AND (#status = :queued OR (#status = :sending AND claimedAt < :stale))',
        ExpressionAttributeNames: { '#status': 'status', '#to': 'to' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':queued': 'queued',
          ':now': now.toISOString(),
          ':stale': new Date(now.getTime() - staleClaimSeconds * 1000).toISOString(),
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    if (!Attributes) return 'done';
    return { message: messageOf(Attributes, dedupeKey), attempt: Number(Attributes.attempts) };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return error.Item?.status?.S === 'sending' && error.Item.to ? 'busy' : 'done';
    throw error;
  }
}

function messageOf(item: Record<string, unknown>, dedupeKey: string): OutboxMessage {
  const common = { to: String(item.to), text: String(item.text), dedupeKey, ...(item.delivery ? { delivery: item.delivery as OutboxDelivery } : {}) };
  if (item.channel === 'email') return { ...common, channel: 'email', title: String(item.title), purpose: 'partnerOffer', subject: String(item.subject) };
  return { ...common, purpose: item.purpose as TextMessage['purpose'], ...(item.subject ? { subject: String(item.subject) } : {}) };
}

/** Gives the claim back after a send worth retrying, noting why (without the number): the retried record sends it. */
export async function releaseTextMessage(dedupeKey: string, error: string): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: table,
      Key: textMessageKey(dedupeKey),
      UpdateExpression: 'SET #status = :queued, lastError = :error REMOVE claimedAt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':queued': 'queued', ':error': error },
    }),
  );
}

export type ClosedText = { status: 'sent' } | { status: 'failed'; error: string } | { status: 'skipped'; reason: string };

/** Closes the text with its outcome; the phone number (or address) and the text go (the code, an update's link). */
export async function recordTextOutcome(dedupeKey: string, outcome: ClosedText, now: Date): Promise<void> {
  const why = outcome.status === 'failed' ? { lastError: outcome.error } : outcome.status === 'skipped' ? { reason: outcome.reason } : {};
  const [[name, value] = []] = Object.entries(why);
  await documentClient.send(
    new UpdateCommand({
      TableName: table,
      Key: textMessageKey(dedupeKey),
      UpdateExpression: `SET #status = :status, finishedAt = :now${name ? ', #why = :why' : ''} REMOVE #to, #text, claimedAt`,
      ExpressionAttributeNames: { '#status': 'status', '#to': 'to', '#text': 'text', ...(name ? { '#why': name } : {}) },
      ExpressionAttributeValues: { ':status': outcome.status, ':now': now.toISOString(), ...(name ? { ':why': value } : {}) },
    }),
  );
}
