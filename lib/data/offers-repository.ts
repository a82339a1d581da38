/**
 * Offers in the table, beside their need (same partition): written together with the need's new
 * state and the partner's capacity in one transaction, closed together with the capacity release.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Need } from '../needs/need.ts';
import type { Offer } from '../offers/offer.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { offerByPartnerIndexKey, offerKey, offerSortKeyPrefix, partnerStandingKey, workQueueIndexKey } from './keys.ts';
import { needItem } from './needs-repository.ts';
import { offeredOnAttribute } from './partner-standing-items.ts';

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

export type OfferWriteOutcome = 'written' | 'partnerFull' | 'offerExists' | 'needChanged';

/**
 * Writes the offer, the need's new state and the partner's reserved capacity at once. The partner's
 * open orders only grow while below its capacity, so needs racing for one partner cannot
 * over-commit it; the loser re-ranks.
 */
export async function writeOffer(offer: Offer, need: Need, expectedNeedVersion: number, partnerCapacity: number): Promise<OfferWriteOutcome> {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
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
          {
            Put: {
              TableName: table,
              Item: needItem(need),
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': expectedNeedVersion },
            },
          },
        ],
      }),
    );
    return 'written';
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [partner, offerPut, needPut] = (error.CancellationReasons ?? []).map((reason) => reason.Code === 'ConditionalCheckFailed');
    if (offerPut) return 'offerExists';
    if (needPut) return 'needChanged';
    if (partner) return 'partnerFull';
    throw error;
  }
}

/**
 * Closes an open offer (declined, expired, withdrawn) and releases the partner's reserved capacity,
 * in one transaction. Returns false when the offer was no longer open (someone else closed it).
 */
export async function writeClosedOffer(closed: Offer, extra: { needUpdate?: { need: Need; expectedVersion: number } } = {}): Promise<boolean> {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: offerItem(closed),
              ConditionExpression: '#status = :open',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':open': 'open' },
            },
          },
          {
            Update: {
              TableName: table,
              Key: partnerStandingKey(closed.partnerId),
              // No floor condition: a drifted counter must never block a close (reads clamp at 0).
              UpdateExpression: 'ADD openOrders :minusOne',
              ExpressionAttributeValues: { ':minusOne': -1 },
            },
          },
          ...(extra.needUpdate
            ? [
                {
                  Put: {
                    TableName: table,
                    Item: needItem(extra.needUpdate.need),
                    ConditionExpression: '#version = :expected',
                    ExpressionAttributeNames: { '#version': 'version' },
                    ExpressionAttributeValues: { ':expected': extra.needUpdate.expectedVersion },
                  },
                },
              ]
            : []),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
    throw error;
  }
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
