/**
 * Offers in the table, beside their need (same partition): written together with the need's new
 * state and the partner's capacity in one transaction, closed together with the capacity release.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Need } from '../needs/need.ts';
import type { Offer } from '../offers/offer.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { needKey, offerByPartnerIndexKey, offerKey, offerSortKeyPrefix, partnerKey, partnerStandingKey, workQueueIndexKey } from './keys.ts';
import { needFromItem, needPutIfVersion } from './needs-repository.ts';
import { offeredOnAttribute } from './partner-standing-items.ts';
import { failedConditions, sendTransaction, type TransactionItems } from './transactions.ts';

const table = tableName();

export function offerItem(offer: Offer) {
  return {
    ...offerKey(offer.needId, offer.attempt),
    ...offerByPartnerIndexKey(offer.partnerId, offer.createdAt),
    ...(offer.status === 'open' ? workQueueIndexKey('openOffers', offer.expiresAt, offer.id) : {}),
    type: 'offer',
    ...offer,
  };
}

export function offerFromItem(item: Record<string, unknown>): Offer {
  const { pk, sk, gsi2pk, gsi2sk, gsi3pk, gsi3sk, type, ...offer } = item;
  return offer as unknown as Offer;
}

export async function offersOfNeed(needId: string): Promise<Offer[]> {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :offers)',
      ExpressionAttributeValues: { ':pk': offerKey(needId, 0).pk, ':offers': offerSortKeyPrefix },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map(offerFromItem);
}

export async function getOffer(needId: string, attempt: number): Promise<Offer | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: offerKey(needId, attempt), ConsistentRead: true }));
  return Item ? offerFromItem(Item) : undefined;
}

export type OfferWriteOutcome = 'written' | 'partnerFull' | 'offerExists' | 'needChanged' | 'partnerNotActive';

/**
 * The partner's profile still says `active`: checked inside the transactions that give a partner
 * work (an offer, an acceptance, a start, a completion), so a suspension racing one of them either
 * lands first and the step is refused, or lands after and finds the work to take back.
 */
export function partnerIsActive(partnerId: string) {
  return {
    ConditionCheck: {
      TableName: table,
      Key: partnerKey(partnerId),
      ConditionExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':active': 'active' },
    },
  };
}

/**
 * Writes the offer, the need's new state and the partner's reserved capacity at once. The partner's
 * open orders only grow while below its capacity, so needs racing for one partner cannot
 * over-commit it; the loser re-ranks. A partner suspended since it was ranked gets no offer.
 */
export async function writeOffer(
  offer: Offer,
  need: Need,
  expectedNeedVersion: number,
  partnerCapacity: number,
): Promise<OfferWriteOutcome> {
  try {
    await sendTransaction([
      {
        Update: {
          TableName: table,
          Key: partnerStandingKey(offer.partnerId),
          UpdateExpression: 'ADD openOrders :one, offered :one, #today :one',
          ConditionExpression: 'attribute_not_exists(openOrders) OR openOrders < :capacity',
          ExpressionAttributeNames: { '#today': offeredOnAttribute(offer.createdAt.slice(0, 10)) },
          ExpressionAttributeValues: { ':one': 1, ':capacity': partnerCapacity },
        },
      },
      { Put: { TableName: table, Item: offerItem(offer), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: needPutIfVersion(need, expectedNeedVersion) },
      partnerIsActive(offer.partnerId),
    ]);
    return 'written';
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error;
    const [partner, offerPut, needPut, active] = failed;
    if (offerPut) return 'offerExists';
    if (needPut) return 'needChanged';
    if (active) return 'partnerNotActive';
    if (partner) return 'partnerFull';
    throw error;
  }
}

/**
 * Closes an open offer (declined, expired) and releases the partner's reserved capacity, in one
 * transaction. Returns false when the offer was no longer open (someone else closed it first).
 */
export async function writeClosedOffer(closed: Offer, counters: Record<string, number> = { openOrders: -1 }): Promise<boolean> {
  try {
    await sendTransaction([
      {
        Put: {
          TableName: table,
          Item: offerItem(closed),
          ConditionExpression: '#status = :open AND partnerId = :partner',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open', ':partner': closed.partnerId },
        },
      },
      standingCounters(closed.partnerId, counters),
    ]);
    return true;
  } catch (error) {
    if (failedConditions(error)?.[0]) return false;
    throw error;
  }
}

/**
 * Atomic ADDs to a partner's standing counters. No floor condition on openOrders: a drifted counter
 * must never block a close (reads clamp it at 0).
 */
export function standingCounters(partnerId: string, add: Record<string, number>) {
  const entries = Object.entries(add);
  return {
    Update: {
      TableName: table,
      Key: partnerStandingKey(partnerId),
      UpdateExpression: `ADD ${entries.map((_, index) => `#c${index} :c${index}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([name], index) => [`#c${index}`, name])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], index) => [`:c${index}`, value])),
    },
  };
}

export type OrderChangeOutcome = 'written' | 'needChanged' | 'offerChanged' | 'partnerNotActive';

/**
 * One step of an order: the need's new state, optionally the offer's (conditional on the status it
 * was read in, and for an acceptance on its deadline), and optionally the partner's counters, all or
 * nothing. Exactly one of many racing callers wins; the others learn which item moved under them.
 */
export async function writeOrderChange(change: {
  need: Need;
  expectedNeedVersion: number;
  offer?: { next: Offer; expectedStatus: Offer['status']; notExpiredAt?: Date };
  /** Counter changes of the partner's standing, e.g. `{ openOrders: -1, completed: 1 }`. */
  counters?: { partnerId: string; add: Record<string, number> };
  /** The step is the partner's own work (accept, start, complete): only while the partner is active. */
  activePartnerId?: string;
}): Promise<OrderChangeOutcome> {
  const { need, expectedNeedVersion, offer, counters, activePartnerId } = change;
  const items: TransactionItems = [
    { Put: needPutIfVersion(need, expectedNeedVersion) },
    ...(offer
      ? [
          {
            Put: {
              TableName: table,
              Item: offerItem(offer.next),
              ConditionExpression: `#status = :expected${offer.notExpiredAt ? ' AND expiresAt > :now' : ''}`,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':expected': offer.expectedStatus,
                ...(offer.notExpiredAt ? { ':now': offer.notExpiredAt.toISOString() } : {}),
              },
            },
          },
        ]
      : []),
    ...(counters ? [standingCounters(counters.partnerId, counters.add)] : []),
    ...(activePartnerId ? [partnerIsActive(activePartnerId)] : []),
  ];
  try {
    await sendTransaction(items);
    return 'written';
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error;
    const [needFailed, offerFailed] = failed;
    if (activePartnerId && failed.at(-1)) return 'partnerNotActive';
    if (offerFailed) return 'offerChanged';
    if (needFailed) return 'needChanged';
    throw error;
  }
}

/** A partner's offers, newest first (itemsByOwner). */
export async function offersOfPartner(partnerId: string, limit = 50): Promise<Offer[]> {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'itemsByOwner',
      KeyConditionExpression: 'gsi3pk = :owner AND begins_with(gsi3sk, :offers)',
      ExpressionAttributeValues: { ':owner': offerByPartnerIndexKey(partnerId, '').gsi3pk, ':offers': offerSortKeyPrefix },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (Items ?? []).map(offerFromItem);
}

/** Open offers whose deadline is at or before `now`, oldest first. */
export async function dueOffers(now: Date, limit = 100): Promise<Offer[]> {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'workQueues',
      KeyConditionExpression: 'gsi2pk = :queue AND gsi2sk <= :now',
      ExpressionAttributeValues: { ':queue': workQueueIndexKey('openOffers', '', '').gsi2pk, ':now': `${now.toISOString()}#~` },
      Limit: limit,
    }),
  );
  return (Items ?? []).map(offerFromItem);
}

/** A need and its offers in one request: they share the need's partition. */
export async function needWithOffers(needId: string): Promise<{ need: Need | undefined; offers: Offer[] }> {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': needKey(needId).pk },
      ConsistentRead: true,
    }),
  );
  const items = Items ?? [];
  const needRecord = items.find((item) => item.sk === needKey(needId).sk);
  return {
    need: needRecord ? needFromItem(needRecord) : undefined,
    offers: items.filter((item) => String(item.sk).startsWith(offerSortKeyPrefix)).map(offerFromItem),
  };
}
