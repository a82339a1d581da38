/**
 * The records behind a new phone number's SMS code (lib/needs/phone-confirmation.ts): the need's
 * pending code (its HMAC only), the phone numbers seen (confirmed, or entered by staff), and a
 * phone's codes and tries per day. Phone numbers appear only as an HMAC under the deployment's
 * secret, never in clear.
 */
import { createHmac } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Need } from '../needs/need.ts';
import { logger } from '../observability/logger.ts';
import { trackingLinkSecret } from '../secrets/tracking-link-secret.ts';
import type { PendingCode } from '../needs/phone-confirmation.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { pendingCodeKey, phoneCodeCountKey, seenPhoneKey } from './keys.ts';
import { needPutIfVersion, StaleWrite } from './needs-repository.ts';
import { countInWindow, districtHash } from './submission-guards.ts';
import { sendTransaction, failedConditions, type TransactionItems } from './transactions.ts';

const table = tableName();
const daySeconds = 86_400;

/**
 * The phone number as it appears in these records: an HMAC under the deployment's tracking-link
 * secret (lib/secrets/tracking-link-secret.ts), so the table alone cannot tell whose number it is.
 * Without a secret (a deployment that has none, or a failed read) a plain SHA-256 of district and
 * number, as the phone history uses: the need is never refused for want of the secret.
 */
export async function phoneKeyOf(districtId: string, phone: string): Promise<string> {
  const secret = await trackingLinkSecret().catch((error: unknown) => {
    logger.error('tracking-link secret not read: the phone key falls back to a plain hash', { error });
    return undefined;
  });
  if (!secret) return districtHash(districtId, phone);
  return createHmac('sha256', `seen-phone\n${secret}`).update(`${districtId}\n${phone}`, 'utf8').digest('hex');
}

export async function isSeenPhone(phoneKey: string, now: Date): Promise<boolean> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: seenPhoneKey(phoneKey) }));
  // TTL deletes within days of expiry: an expired record no longer counts.
  return Item !== undefined && Number(Item.ttl) > now.getTime() / 1000;
}

/** The phone number seen: by a confirmed code or because staff entered it. */
export function seenPhonePut(
  phoneKey: string,
  via: 'code' | 'staff',
  now: Date,
  days: number,
): NonNullable<TransactionItems[number]['Put']> {
  return {
    TableName: table,
    Item: {
      ...seenPhoneKey(phoneKey),
      type: 'seenPhone',
      via,
      at: now.toISOString(),
      ttl: Math.floor(now.getTime() / 1000) + days * daySeconds,
    },
  };
}

export async function markPhoneSeen(phoneKey: string, via: 'code' | 'staff', now: Date, days: number): Promise<void> {
  await documentClient.send(new PutCommand(seenPhonePut(phoneKey, via, now, days)));
}

export async function getPendingCode(needId: string): Promise<PendingCode | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: pendingCodeKey(needId), ConsistentRead: true }));
  if (!Item) return undefined;
  return {
    codeHash: String(Item.codeHash),
    sentAt: (Item.sentAt as string[]) ?? [],
    expiresAt: String(Item.expiresAt),
    tries: Number(Item.tries),
  };
}

/**
 * The write of a need's pending code: new (with the need, in its transaction), or conditional on
 * the codes sent and tries read, so two racing requests cannot both use one try or one resend.
 */
export function pendingCodePut(
  needId: string,
  next: PendingCode,
  read: PendingCode | undefined,
  keepUntil: Date,
): NonNullable<TransactionItems[number]['Put']> {
  const item = { ...pendingCodeKey(needId), type: 'pendingCode', ...next, ttl: Math.floor(keepUntil.getTime() / 1000) };
  if (!read) return { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' };
  return {
    TableName: table,
    Item: item,
    ConditionExpression: 'tries = :tries AND size(sentAt) = :sent',
    ExpressionAttributeValues: { ':tries': read.tries, ':sent': read.sentAt.length },
  };
}

export async function savePendingCode(needId: string, next: PendingCode, read: PendingCode, keepUntil: Date): Promise<void> {
  try {
    await documentClient.send(new PutCommand(pendingCodePut(needId, next, read, keepUntil)));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new StaleWrite(`the code of need ${needId} changed`);
    throw error;
  }
}

/** Another code: its pending code (conditional on the one read) and its text (the text outbox) in one transaction. */
export async function resendPendingCode(
  needId: string,
  next: PendingCode,
  read: PendingCode,
  keepUntil: Date,
  text: NonNullable<TransactionItems[number]['Put']>,
): Promise<void> {
  try {
    await sendTransaction([{ Put: pendingCodePut(needId, next, read, keepUntil) }, { Put: text }]);
  } catch (error) {
    if (failedConditions(error)?.[0]) throw new StaleWrite(`the code of need ${needId} changed`);
    throw error;
  }
}

/**
 * The code matched: the need moves on (conditional on its version), the pending code goes
 * (conditional on the tries read) and the phone is seen, in one transaction.
 */
export async function writeConfirmation(
  confirmed: Need,
  expectedVersion: number,
  read: PendingCode,
  seen: NonNullable<TransactionItems[number]['Put']>,
): Promise<void> {
  const items: TransactionItems = [
    { Put: needPutIfVersion(confirmed, expectedVersion) },
    {
      Delete: {
        TableName: table,
        Key: pendingCodeKey(confirmed.id),
        ConditionExpression: 'tries = :tries',
        ExpressionAttributeValues: { ':tries': read.tries },
      },
    },
    { Put: seen },
  ];
  try {
    await sendTransaction(items);
  } catch (error) {
    if (failedConditions(error)?.some(Boolean)) throw new StaleWrite(`need ${confirmed.id} or its code changed`);
    throw error;
  }
}

/** One more code sent to, or code tried for, this phone today: false at the district's limit. */
export function countForPhone(phoneKey: string, what: 'codes' | 'tries', day: string, limit: number, now: Date): Promise<boolean> {
  return countInWindow(phoneCodeCountKey(phoneKey, what, day), limit, 'phoneCodeCount', Math.floor(now.getTime() / 1000) + 2 * daySeconds);
}
