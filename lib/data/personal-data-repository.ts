/**
 * Removing a resident's personal data from every item that holds it, in one transaction: the need
 * (contact, address, location, description, rating comment), its offers' summaries, the rating, the
 * follow-up, and the messages about it in the partners' inboxes. Conditional on the need's version,
 * so a concurrent change wins and the removal is tried again on the next sweep.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Need } from '../needs/need.ts';
import { removedText } from '../needs/personal-data.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import type { Offer } from '../offers/offer.ts';
import { followUpKey, inboxMessageKey, needKey, offerKey, offerSortKeyPrefix, ratingKey, workQueueIndexKey } from './keys.ts';
import { needFromItem, needPutIfVersion } from './needs-repository.ts';
import { offerFromItem } from './offers-repository.ts';
import { sendTransactionUnlessFirstFails, type TransactionItems } from './transactions.ts';

const table = tableName();

/** Ids of needs that ended before `endedBefore` and still hold personal data, oldest first. */
export async function needsEndedBefore(endedBefore: Date, limit: number): Promise<string[]> {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'workQueues',
      KeyConditionExpression: 'gsi2pk = :queue AND gsi2sk <= :before',
      ExpressionAttributeValues: { ':queue': workQueueIndexKey('endedNeeds', '', '').gsi2pk, ':before': `${endedBefore.toISOString()}#~` },
      ProjectionExpression: 'id',
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => String(item.id));
}

export interface NeedPartition {
  need: Need | undefined;
  offers: Offer[];
  hasRating: boolean;
  hasFollowUp: boolean;
  /** Keys of the partners' inbox messages about this need. */
  inboxKeys: Array<{ pk: string; sk: string }>;
}

export async function needPartition(needId: string): Promise<NeedPartition> {
  const { Items } = await documentClient.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': needKey(needId).pk }, ConsistentRead: true }),
  );
  const items = Items ?? [];
  const needItem = items.find((item) => item.sk === needKey(needId).sk);
  const offers = items.filter((item) => String(item.sk).startsWith(offerSortKeyPrefix)).map(offerFromItem);
  const inboxKeys = (await Promise.all(offers.map(inboxKeysOfOffer))).flat();
  return {
    need: needItem ? needFromItem(needItem) : undefined,
    offers,
    hasRating: items.some((item) => item.sk === ratingKey(needId).sk),
    hasFollowUp: items.some((item) => item.sk === followUpKey(needId).sk),
    inboxKeys,
  };
}

/** A partner's inbox messages about one offer were all written during the offer's life (offered, then cancelled). */
async function inboxKeysOfOffer(offer: Offer): Promise<Array<{ pk: string; sk: string }>> {
  const from = inboxMessageKey(offer.partnerId, offer.createdAt, '');
  const until = inboxMessageKey(offer.partnerId, offer.closedAt ?? new Date().toISOString(), '~');
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :until',
      FilterExpression: 'begins_with(notificationId, :prefix)',
      ExpressionAttributeValues: { ':pk': from.pk, ':from': from.sk, ':until': until.sk, ':prefix': `ntf_${offer.id.replaceAll('.', '_')}_` },
      ProjectionExpression: 'pk, sk',
      Limit: 50,
    }),
  );
  return (Items ?? []).map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
}

/** Writes the cleared need and clears the rest of its partition; false when the need changed meanwhile. */
export async function writeWithoutPersonalData(cleared: Need, expectedVersion: number, partition: NeedPartition): Promise<boolean> {
  const pk = needKey(cleared.id).pk;
  const items: TransactionItems = [{ Put: needPutIfVersion(cleared, expectedVersion) }];
  for (const offer of partition.offers) {
    items.push({
      Update: {
        TableName: table,
        Key: offerKey(offer.needId, offer.attempt),
        UpdateExpression: 'SET summary.description = :removed',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':removed': removedText },
      },
    });
  }
  for (const [present, key] of [
    [partition.hasRating, ratingKey(cleared.id)],
    [partition.hasFollowUp, followUpKey(cleared.id)],
  ] as const) {
    if (present) items.push({ Update: { TableName: table, Key: key, UpdateExpression: 'REMOVE #comment', ExpressionAttributeNames: { '#comment': 'comment' } } });
  }
  for (const key of partition.inboxKeys) {
    items.push({
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: 'SET #lines = :removedLines, #data.#message.#lines = :removedLines, #data.summary.description = :removed',
        ExpressionAttributeNames: { '#lines': 'lines', '#data': 'data', '#message': 'message' },
        ExpressionAttributeValues: { ':removedLines': [removedText], ':removed': removedText },
      },
    });
  }
  return sendTransactionUnlessFirstFails(items);
}
