/**
 * What a partner's own pages list, a page at a time: its accepted offers (the orders, newest
 * first) with their needs, and its points ledger. Both read only the partner's own partitions.
 */
import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Need } from '../needs/need.ts';
import type { Offer } from '../offers/offer.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { needKey, offerByPartnerIndexKey, offerSortKeyPrefix, pointsSortKeyPrefix } from './keys.ts';
import { needFromItem } from './needs-repository.ts';
import { offerFromItem } from './offers-repository.ts';

const table = tableName();

export interface PageRequest {
  limit: number;
  start?: Record<string, string>;
}

export interface Page<T> {
  items: T[];
  /** Where the next page starts; absent on the last page. */
  next?: Record<string, string>;
}

function nextOf(lastEvaluatedKey: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!lastEvaluatedKey) return undefined;
  return Object.fromEntries(Object.entries(lastEvaluatedKey).map(([name, value]) => [name, String(value)]));
}

/** The partner's accepted offers, newest first; `limit` offers are read per page, so a page may hold fewer. */
export async function acceptedOffersOfPartner(partnerId: string, page: PageRequest): Promise<Page<Offer>> {
  const { Items, LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'itemsByOwner',
      KeyConditionExpression: 'gsi3pk = :owner AND begins_with(gsi3sk, :offers)',
      FilterExpression: '#status = :accepted',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':owner': offerByPartnerIndexKey(partnerId, '').gsi3pk, ':offers': offerSortKeyPrefix, ':accepted': 'accepted' },
      ScanIndexForward: false,
      Limit: page.limit,
      ...(page.start ? { ExclusiveStartKey: page.start } : {}),
    }),
  );
  const next = nextOf(LastEvaluatedKey);
  return { items: (Items ?? []).map(offerFromItem), ...(next ? { next } : {}) };
}

/** Offers read per page, and pages at most, when looking for a partner's live work. */
const livePageSize = 100;
const maxLivePages = 10;

/**
 * The partner's offers that may still hold work (open, or accepted: its order may be unfinished),
 * newest first, with their needs. Reads pages of the partner's offers until it has found `expected`
 * live items (its open orders: open offers plus unfinished orders), or the pages run out, or after
 * 1,000 offers at most; accepted offers whose order has ended are left out.
 */
export async function liveWorkOfPartner(partnerId: string, expected: number): Promise<Array<{ offer: Offer; need: Need }>> {
  const found: Array<{ offer: Offer; need: Need }> = [];
  let start: Record<string, unknown> | undefined;
  for (let page = 0; page < maxLivePages; page++) {
    const { Items, LastEvaluatedKey } = await documentClient.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'itemsByOwner',
        KeyConditionExpression: 'gsi3pk = :owner AND begins_with(gsi3sk, :offers)',
        FilterExpression: '#status IN (:open, :accepted)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':owner': offerByPartnerIndexKey(partnerId, '').gsi3pk, ':offers': offerSortKeyPrefix, ':open': 'open', ':accepted': 'accepted' },
        ScanIndexForward: false,
        Limit: livePageSize,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const offers = (Items ?? []).map(offerFromItem);
    const needs = offers.length > 0 ? new Map((await needsByIds(offers.map((offer) => offer.needId))).map((need) => [need.id, need])) : new Map<string, Need>();
    for (const offer of offers) {
      const need = needs.get(offer.needId);
      const unfinished = need?.assignedPartner?.id === partnerId && (need.status === 'accepted' || need.status === 'started');
      if (need && (offer.status === 'open' || unfinished)) found.push({ offer, need });
    }
    start = LastEvaluatedKey;
    if (!start || found.length >= expected) break;
  }
  return found;
}

/** Needs by id (at most 100, one BatchGetItem; what it leaves unprocessed is asked again, a bounded number of times). */
export async function needsByIds(ids: readonly string[]): Promise<Need[]> {
  if (ids.length > 100) throw new Error('at most 100 needs per read');
  let keys = [...new Set(ids)].map(needKey);
  const needs: Need[] = [];
  for (let round = 0; keys.length > 0 && round < 5; round++) {
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** round));
    const { Responses, UnprocessedKeys } = await documentClient.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
    needs.push(...(Responses?.[table] ?? []).map(needFromItem));
    keys = (UnprocessedKeys?.[table]?.Keys ?? []) as typeof keys;
  }
  if (keys.length > 0) throw new Error(`${keys.length} needs were still unprocessed after retries`);
  return needs;
}

export interface PointsEntry {
  needId: string;
  points: number;
  reasons: string[];
  at: string;
}

/** The partner's points ledger, one entry per rated order, in key order (by order id). */
export async function pointsLedger(partnerId: string, page: PageRequest): Promise<Page<PointsEntry>> {
  const { Items, LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :partner AND begins_with(sk, :points)',
      ExpressionAttributeValues: { ':partner': `PARTNER#${partnerId}`, ':points': pointsSortKeyPrefix },
      Limit: page.limit,
      ...(page.start ? { ExclusiveStartKey: page.start } : {}),
    }),
  );
  const next = nextOf(LastEvaluatedKey);
  const items = (Items ?? []).map((item) => ({
    needId: String(item.needId),
    points: Number(item.points),
    reasons: Array.isArray(item.reasons) ? item.reasons.map(String) : [],
    at: String(item.at),
  }));
  return { items, ...(next ? { next } : {}) };
}
