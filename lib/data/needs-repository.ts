/**
 * Needs in the table: one item per need (its timeline inside), plus the idempotency record of a
 * submit. Access patterns are listed in ./keys.ts.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Need } from '../needs/need.ts';
import { endedAt } from '../needs/personal-data.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { endedNeedsIndexKey, idempotencyKey, needByCommunityIndexKey, needByStatusIndexKey, needKey, trackingLinkKey, waitingQueueIndexKey } from './keys.ts';
import { failedConditions, sendTransaction, type TransactionItems } from './transactions.ts';

export interface SubmitResult {
  id: string;
  trackingToken: string;
  /** `awaitingConfirmation`: a new phone number's SMS code comes first (lib/needs/phone-confirmation.ts). */
  status: 'submitted' | 'awaitingConfirmation';
  /** Sensitive special groups left out for want of separate consent. */
  withheldSpecialGroups?: string[];
  /** While awaiting the code: where it went (masked), until when, tries and codes left, when to ask again. */
  confirmation?: {
    sentTo?: string | undefined;
    expiresAt: string;
    triesLeft: number;
    codesLeft: number;
    resendAfterSeconds?: number | undefined;
  };
}

/** What the idempotency record keeps of the first answer: the token only sealed (lib/needs/submit-request.ts). */
export interface StoredSubmitResult {
  id: string;
  status: SubmitResult['status'];
  sealedTrackingToken: string;
}

export interface IdempotencyRecord {
  keyHash: string;
  /** SHA-256 of the canonical request: a reused key with another body is refused. */
  requestHash: string;
  /** The first response, replayed to retries. Removed by TTL after the retry window. */
  result: StoredSubmitResult;
  expiresAt: Date;
}

export type CreateNeedOutcome = { created: true } | { created: false; replay: IdempotencyRecord };

/** Thrown when a conditional write finds the item changed since it was read. */
export class StaleWrite extends Error {}

const table = tableName();

export function needItem(need: Need) {
  return {
    ...needKey(need.id),
    ...needByCommunityIndexKey(need.communityId, need.createdAt),
    // Every need sits in its status's partition (the desk, the escalation queue, the watchdog read them).
    ...needByStatusIndexKey(need.status, need.createdAt, need.id),
    ...(need.status === 'waiting'
      ? waitingQueueIndexKey(need.category, need.communityId, need.specialGroups.length > 0, need.createdAt, need.id)
      : {}),
    // Ended needs wait for their personal data to be removed (lib/needs/personal-data.ts); a need
    // is never waiting and ended at once, so the two share gsi1.
    ...(endedAt(need) ? endedNeedsIndexKey(endedAt(need) ?? '', need.id) : {}),
    type: 'need',
    ...need,
  };
}

export function needFromItem(item: Record<string, unknown>): Need {
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, gsi3pk, gsi3sk, type, ...need } = item;
  return need as unknown as Need;
}

/**
 * Writes a new need with its idempotency record and `guard` (the phone's history, conditional on
 * the version read) in one transaction. A failed guard means another submit for the same phone
 * landed first: StaleWrite, decide again.
 */
export async function createNeed(
  need: Need,
  idempotency?: IdempotencyRecord,
  guard?: TransactionItems[number],
  sealedTrackingLink?: string,
  codeWrites?: readonly NonNullable<TransactionItems[number]['Put']>[],
): Promise<CreateNeedOutcome> {
  const putNeed = { TableName: table, Item: needItem(need), ConditionExpression: 'attribute_not_exists(pk)' };
  if (!idempotency && !guard && !sealedTrackingLink && !codeWrites?.length) {
    await documentClient.send(new PutCommand(putNeed));
    return { created: true };
  }
  const items: TransactionItems = [{ Put: putNeed }];
  if (idempotency) {
    items.push({
      Put: {
        TableName: table,
        Item: {
          ...idempotencyKey(idempotency.keyHash),
          type: 'idempotency',
          requestHash: idempotency.requestHash,
          result: idempotency.result,
          needId: need.id,
          ttl: Math.floor(idempotency.expiresAt.getTime() / 1000),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  // The tracking token for the residents' messages, sealed (lib/needs/tracking-link.ts); after the
  // idempotency record and before the guard, whose positions the failure handling reads.
  if (sealedTrackingLink) items.push({ Put: { TableName: table, Item: { ...trackingLinkKey(need.id), type: 'trackingLink', sealed: sealedTrackingLink } } });
  const guardAt = guard ? items.push(guard) - 1 : -1;
  // A new phone's pending code and its text (the text outbox) are written with its need: no need
  // awaits a code that was never kept or never queued, and no code is texted for a need not kept.
  for (const put of codeWrites ?? []) items.push({ Put: put });
  try {
    await sendTransaction(items);
    return { created: true };
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error;
    if (idempotency && failed[1] === true) {
      const replay = await getIdempotencyRecord(idempotency.keyHash);
      if (replay) return { created: false, replay };
    }
    if (guardAt >= 0 && failed[guardAt] === true) throw new StaleWrite('the phone history changed since it was read');
    throw error;
  }
}


/** The first answer to an Idempotency-Key, if that key was used. */
export async function getIdempotencyRecord(keyHash: string): Promise<IdempotencyRecord | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: idempotencyKey(keyHash), ConsistentRead: true }));
  if (!Item) return undefined;
  return {
    keyHash,
    requestHash: Item.requestHash as string,
    result: Item.result as StoredSubmitResult,
    expiresAt: new Date((Item.ttl as number) * 1000),
  };
}

export async function getNeed(needId: string): Promise<Need | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: needKey(needId), ConsistentRead: true }));
  return Item ? needFromItem(Item) : undefined;
}

/** The write of a need's new state, conditional on the version it was computed from (for transactions too). */
export function needPutIfVersion(need: Need, expectedVersion: number) {
  return {
    TableName: table,
    Item: needItem(need),
    ConditionExpression: '#version = :expected',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':expected': expectedVersion },
  };
}

/** Writes the need's new state if nobody changed it since `expectedVersion` was read. */
export async function saveNeed(need: Need, expectedVersion: number): Promise<void> {
  try {
    await documentClient.send(new PutCommand(needPutIfVersion(need, expectedVersion)));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new StaleWrite(`need ${need.id} changed since version ${expectedVersion}`);
    throw error;
  }
}

/** The sealed token of the need's tracking link, for the resident's messages only. */
export async function sealedTrackingLinkOf(needId: string): Promise<string | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: trackingLinkKey(needId) }));
  return typeof Item?.sealed === 'string' ? Item.sealed : undefined;
}

