/**
 * Ratings and what they change: the rating item beside its need; on the rating's arrival (stream),
 * the partner's reputation counters, an append-only points entry and a follow-up for low ratings,
 * all in one transaction guarded by the points entry, so a second delivery changes nothing.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Need } from '../needs/need.ts';
import type { PointsAward } from '../reputation/points-rules.ts';
import type { Rating } from '../reputation/rating.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { followUpKey, pointsEntryKey, ratingKey, workQueueIndexKey } from './keys.ts';
import { needPutIfVersion } from './needs-repository.ts';
import { checkedStartKey } from './start-keys.ts';
import { standingCounters } from './offers-repository.ts';
import { failedConditions, sendTransaction, sendTransactionUnlessFirstFails, type TransactionItems } from './transactions.ts';

const table = tableName();

export type RatingWriteOutcome = 'written' | 'alreadyRated' | 'needChanged';

export async function writeRating(rated: Need, expectedNeedVersion: number, rating: Rating): Promise<RatingWriteOutcome> {
  try {
    await sendTransaction([
      {
        Put: {
          TableName: table,
          Item: { ...ratingKey(rating.needId), type: 'rating', ...rating },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: needPutIfVersion(rated, expectedNeedVersion) },
    ]);
    return 'written';
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error;
    const [ratingExists, needChanged] = failed;
    if (ratingExists) return 'alreadyRated';
    if (needChanged) return 'needChanged';
    throw error;
  }
}

export async function getRating(needId: string): Promise<Rating | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: ratingKey(needId), ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk, sk, type, ...rating } = Item;
  return rating as Rating;
}

/**
 * Applies a rating to its partner exactly once: the points entry's key is the order, and the
 * transaction fails whole when it exists. Returns false for a duplicate.
 */
export async function applyRating(rating: Rating, award: PointsAward, followUp: boolean): Promise<boolean> {
  const items: TransactionItems = [
    {
      Put: {
        TableName: table,
        Item: {
          ...pointsEntryKey(rating.partnerId, rating.needId),
          type: 'pointsEntry',
          needId: rating.needId,
          points: award.points,
          reasons: award.reasons,
          at: rating.at,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    standingCounters(rating.partnerId, { ratingSum: rating.stars, ratingCount: 1, points: award.points }),
  ];
  if (followUp) {
    items.push({
      Put: {
        TableName: table,
        Item: {
          ...followUpKey(rating.needId),
          ...workQueueIndexKey('followUps', rating.at, rating.needId),
          type: 'followUp',
          needId: rating.needId,
          partnerId: rating.partnerId,
          stars: rating.stars,
          comment: rating.comment,
          tags: rating.tags,
          openedAt: rating.at,
        },
      },
    });
  }
  return sendTransactionUnlessFirstFails(items);
}

/** An operator marks a rating as outside the partner's control: kept, taken out of the score, once. */
export async function excludeRating(rating: Rating, excluded: NonNullable<Rating['excluded']>): Promise<boolean> {
  try {
    await sendTransaction([
      {
        Update: {
          TableName: table,
          Key: ratingKey(rating.needId),
          UpdateExpression: 'SET excluded = :excluded',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(excluded)',
          ExpressionAttributeValues: { ':excluded': excluded },
        },
      },
      standingCounters(rating.partnerId, { ratingSum: -rating.stars, ratingCount: -1 }),
    ]);
    return true;
  } catch (error) {
    if (failedConditions(error)?.[0]) return false;
    throw error;
  }
}

/** Follow-ups still open, oldest first, a page at a time. */
export async function openFollowUps(
  page: { limit: number; start?: Record<string, unknown> } = { limit: 100 },
): Promise<{ followUps: FollowUp[]; next?: Record<string, unknown> }> {
  const { Items, LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'workQueues',
      KeyConditionExpression: 'gsi2pk = :queue',
      ExpressionAttributeValues: { ':queue': workQueueIndexKey('followUps', '', '').gsi2pk },
      Limit: page.limit,
      ExclusiveStartKey: page.start && checkedStartKey(page.start, 'workQueues', workQueueIndexKey('followUps', '', '').gsi2pk),
    }),
  );
  const followUps = (Items ?? []).map(({ pk, sk, gsi2pk, gsi2sk, type, ...followUp }) => followUp as FollowUp);
  return { followUps, ...(LastEvaluatedKey ? { next: LastEvaluatedKey } : {}) };
}

export interface FollowUp {
  needId: string;
  partnerId: string;
  stars: number;
  comment?: string;
  tags?: string[];
  openedAt: string;
  closed?: { outcome: string; note?: string; by: string; at: string; requestHash: string };
}

export async function getFollowUp(needId: string): Promise<FollowUp | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: followUpKey(needId), ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk, sk, gsi2pk, gsi2sk, type, ...followUp } = Item;
  return followUp as FollowUp;
}

export type FollowUpCloseOutcome = 'written' | 'alreadyClosed' | 'needChanged';

/** The follow-up leaves the queue (its index keys removed) and the need's timeline records it, together. */
export async function writeFollowUpClose(
  needId: string,
  closed: NonNullable<FollowUp['closed']>,
  need: Need,
  expectedNeedVersion: number,
): Promise<FollowUpCloseOutcome> {
  try {
    await sendTransaction([
      {
        Update: {
          TableName: table,
          Key: followUpKey(needId),
          UpdateExpression: 'SET closed = :closed REMOVE gsi2pk, gsi2sk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(closed)',
          ExpressionAttributeValues: { ':closed': closed },
        },
      },
      { Put: needPutIfVersion(need, expectedNeedVersion) },
    ]);
    return 'written';
  } catch (error) {
    const failed = failedConditions(error);
    if (failed?.[0]) return 'alreadyClosed';
    if (failed?.[1]) return 'needChanged';
    throw error;
  }
}
