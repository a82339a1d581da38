/**
 * Partners' notifications in the table: the in-app inbox (one item per notification, in the
 * partner's partition, newest first) and the delivery log (one item per notification and channel,
 * under the notification, also indexed by partner). Access patterns are listed in ./keys.ts.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ChannelType } from '../notifications/channels.ts';
import type { Notification, NotificationData } from '../notifications/notification.ts';
import type { NotificationEvent } from '../notifications/notification-event.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { deliveryByPartnerIndexKey, deliverySortKeyPrefix, inboxMessageKey, inboxSortKeyPrefix, notificationDeliveryKey } from './keys.ts';

const table = tableName();

export interface InboxMessage {
  notificationId: string;
  partnerId: string;
  event: NotificationEvent;
  /** When the event happened; the inbox's order. */
  createdAt: string;
  title: string;
  lines: string[];
  data: NotificationData;
}

/**
 * `queued` until the first attempt; `retrying` while receives remain; `skipped` when the channel
 * cannot be used here (no SNS locally) or is gone from the profile.
 */
export type DeliveryStatus = 'queued' | 'retrying' | 'delivered' | 'failed' | 'skipped';

export interface DeliveryLogEntry {
  notificationId: string;
  channelKey: string;
  channelType: ChannelType;
  /** The channel with its secrets masked (see describeChannel). */
  channel: string;
  partnerId: string;
  event: NotificationEvent;
  offerId: string;
  status: DeliveryStatus;
  attempts: number;
  lastError?: string;
  lastStatusCode?: number;
  /** Why a channel was skipped. */
  reason?: string;
  /** When its queue message was sent: the delay of a delivery is counted from here. */
  queuedAt?: string;
  firstAttemptAt?: string;
  lastAttemptAt?: string;
  deliveredAt?: string;
  /** Set when the retries ran out: the message waits in the dead-letter queue. */
  deadLettered?: boolean;
}

export function inboxMessageOf(notification: Notification): InboxMessage {
  return {
    notificationId: notification.id,
    partnerId: notification.partnerId,
    event: notification.event,
    createdAt: notification.occurredAt,
    title: notification.message.title,
    lines: notification.message.lines,
    data: notification.payload.data,
  };
}

/** An inbox message is kept this long after its event (TTL); the offer itself stays with its need. */
export const inboxRetentionDays = 90;
/** A delivery log entry (attempts, errors) is kept this long after its event (TTL), for operators' questions. */
export const deliveryRetentionDays = 30;

/** DynamoDB TTL: epoch seconds `days` after `at`. */
export function expiresAfter(at: string, days: number): number {
  return Math.floor(Date.parse(at) / 1000) + days * 86_400;
}

/** Writes the message once; false when it was already there (a duplicate stream delivery). */
export async function putInboxMessage(message: InboxMessage): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...inboxMessageKey(message.partnerId, message.createdAt, message.notificationId),
          type: 'inboxMessage',
          ...message,
          ttl: expiresAfter(message.createdAt, inboxRetentionDays),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** The partner's inbox, newest first. */
export async function listInbox(partnerId: string, limit = 50): Promise<InboxMessage[]> {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :inbox)',
      ExpressionAttributeValues: { ':pk': inboxMessageKey(partnerId, '', '').pk, ':inbox': inboxSortKeyPrefix },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (Items ?? []).map(inboxMessageFromItem);
}

function inboxMessageFromItem(item: Record<string, unknown>): InboxMessage {
  const { pk, sk, type, ...message } = item;
  return message as unknown as InboxMessage;
}

export async function getDelivery(notificationId: string, channelKey: string): Promise<DeliveryLogEntry | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table, Key: notificationDeliveryKey(notificationId, channelKey), ConsistentRead: true }),
  );
  return Item ? deliveryFromItem(Item) : undefined;
}

/** Every channel's delivery of one notification. */
export async function deliveriesOf(notificationId: string): Promise<DeliveryLogEntry[]> {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :delivery)',
      ExpressionAttributeValues: { ':pk': notificationDeliveryKey(notificationId, '').pk, ':delivery': deliverySortKeyPrefix },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map(deliveryFromItem);
}

/** A partner's deliveries on all channels, newest notification first (e.g. to show failures to operators). */
export async function deliveriesOfPartner(partnerId: string, limit = 50): Promise<DeliveryLogEntry[]> {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'itemsByOwner',
      KeyConditionExpression: 'gsi3pk = :owner AND begins_with(gsi3sk, :delivery)',
      ExpressionAttributeValues: { ':owner': deliveryByPartnerIndexKey(partnerId, '', '', '').gsi3pk, ':delivery': deliverySortKeyPrefix },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (Items ?? []).map(deliveryFromItem);
}

function deliveryFromItem(item: Record<string, unknown>): DeliveryLogEntry {
  const { pk, sk, gsi3pk, gsi3sk, type, occurredAt, leaseUntil, ...entry } = item;
  return entry as unknown as DeliveryLogEntry;
}

export interface DeliveryTarget {
  notification: Pick<Notification, 'id' | 'partnerId' | 'event' | 'offerId' | 'occurredAt'>;
  channelKey: string;
  channelType: ChannelType;
  channel: string;
}

export interface DeliveryStep {
  status: Exclude<DeliveryStatus, 'queued'>;
  at: string;
  /** False for a skipped channel: nothing was sent. */
  attempted: boolean;
  error?: string;
  statusCode?: number;
  reason?: string;
  deadLettered?: boolean;
}

/** The attributes every write of a log entry sets: its keys in the partner's index, what it is about, and its expiry. */
function entryAttributes(target: DeliveryTarget): Record<string, unknown> {
  const { notification } = target;
  return {
    ...deliveryByPartnerIndexKey(notification.partnerId, notification.occurredAt, notification.id, target.channelKey),
    type: 'notificationDelivery',
    notificationId: notification.id,
    channelKey: target.channelKey,
    channelType: target.channelType,
    channel: target.channel,
    partnerId: notification.partnerId,
    event: notification.event,
    offerId: notification.offerId,
    occurredAt: notification.occurredAt,
    ttl: expiresAfter(notification.occurredAt, deliveryRetentionDays),
  };
}

/**
 * The entry of a delivery whose message is being put on the queue, written once: a repeated stream
 * record finds it there (whatever became of it) and leaves it. False when it was already there.
 */
export async function recordQueued(target: DeliveryTarget, queuedAt: string): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...notificationDeliveryKey(target.notification.id, target.channelKey),
          ...entryAttributes(target),
          status: 'queued',
          attempts: 0,
          queuedAt,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export type Claim = 'claimed' | 'delivered' | 'inFlight';

/**
 * Claims the next attempt of a delivery until `leaseUntil` (epoch ms): refused when it was delivered,
 * or when another receive of the same message holds an unexpired claim (SQS delivers at least once),
 * so a redelivered message does not send twice. recordDelivery ends the claim.
 */
export async function claimDelivery(target: DeliveryTarget, now: number, leaseUntil: number, startMissing = true): Promise<Claim> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: table,
        Key: notificationDeliveryKey(target.notification.id, target.channelKey),
        UpdateExpression: 'SET #leaseUntil = :leaseUntil',
        ConditionExpression:
          'attribute_exists(pk) AND #status <> :delivered AND (attribute_not_exists(#leaseUntil) OR #leaseUntil < :now)',
        ExpressionAttributeNames: { '#leaseUntil': 'leaseUntil', '#status': 'status' },
        ExpressionAttributeValues: { ':leaseUntil': leaseUntil, ':now': now, ':delivered': 'delivered' },
      }),
    );
    return 'claimed';
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const current = await getDelivery(target.notification.id, target.channelKey);
  if (!current) {
    // A message whose queued entry is missing (replayed after the log entry expired): start one, once.
    if (!startMissing) throw new Error(`the delivery log entry of ${target.notification.id} on ${target.channelKey} could not be written`);
    await recordQueued(target, new Date(now).toISOString());
    return claimDelivery(target, now, leaseUntil, false);
  }
  return current.status === 'delivered' ? 'delivered' : 'inFlight';
}

/**
 * Records one attempt (or a skip) in the channel's log entry and ends the attempt's claim: attempts
 * add up across receives. A delivered entry is never overwritten, so a late failure from a duplicate
 * run cannot hide it. Returns false when the entry was already delivered.
 */
export async function recordDelivery(target: DeliveryTarget, step: DeliveryStep): Promise<boolean> {
  const fields: Record<string, unknown> = {
    ...entryAttributes(target),
    status: step.status,
    lastAttemptAt: step.at,
    ...(step.status === 'delivered' ? { deliveredAt: step.at } : {}),
  };
  const optional = { lastError: step.error, lastStatusCode: step.statusCode, reason: step.reason, deadLettered: step.deadLettered };
  for (const [name, value] of Object.entries(optional)) if (value !== undefined) fields[name] = value;
  const removed = [...Object.keys(optional).filter((name) => fields[name] === undefined), 'leaseUntil'];

  // Every attribute goes through a name placeholder: `status`, `type` and others are reserved words.
  const names = Object.fromEntries(
    [...Object.keys(fields), ...removed, 'attempts', ...(step.attempted ? ['firstAttemptAt'] : [])].map((name) => [`#${name}`, name]),
  );
  const values = Object.fromEntries(Object.entries(fields).map(([name, value]) => [`:${name}`, value]));
  const set = Object.keys(fields).map((name) => `#${name} = :${name}`);
  if (step.attempted) set.push('#firstAttemptAt = if_not_exists(#firstAttemptAt, :lastAttemptAt)');
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: table,
        Key: notificationDeliveryKey(target.notification.id, target.channelKey),
        UpdateExpression: [`SET ${set.join(', ')}`, 'ADD #attempts :attempted', `REMOVE ${removed.map((name) => `#${name}`).join(', ')}`].join(' '),
        ConditionExpression: 'attribute_not_exists(#status) OR #status <> :delivered',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ...values, ':attempted': step.attempted ? 1 : 0, ':delivered': 'delivered' },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
