/**
 * Lists of needs for operators and the background jobs, each from an index (never a scan): by
 * status (workQueues, NEEDS#<status>), by community (itemsByOwner, COMMUNITY#<id>), and the waiting
 * queue of a category and community (partnersByCategory, WAITING#…). Pages are bounded: a selective
 * filter gives a short page and a cursor, never a long read.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Need, NeedStatus } from '../needs/need.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { needByCommunityIndexKey, needByStatusIndexKey, needKey, waitingQueueIndexKey, waitingQueueName } from './keys.ts';
import { needFromItem } from './needs-repository.ts';
import { checkedStartKey } from './start-keys.ts';
import { InvalidInput } from '../common/domain-errors.ts';

const table = tableName();
/** Index reads per page at most. */
const maxReadsPerPage = 10;

export interface NeedListFilter {
  status?: NeedStatus;
  communityId?: string;
  category?: string;
  /** Creation instants, inclusive. */
  from?: string;
  to?: string;
  order: 'newest' | 'oldest';
}

export interface NeedPage {
  needs: Need[];
  next?: Record<string, unknown>;
}

/** One page of needs: by status when given, else by community (one of them is required). */
export async function listNeeds(filter: NeedListFilter, page: { limit: number; start?: Record<string, unknown> }): Promise<NeedPage> {
  const from = filter.from ?? '0';
  const to = `${filter.to ?? '9999'}~`;
  const conditions: string[] = [];
  const values: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  let query: QueryCommandInput;
  if (filter.status) {
    if (filter.communityId) {
      conditions.push('communityId = :community');
      values[':community'] = filter.communityId;
    }
    query = {
      TableName: table,
      IndexName: 'workQueues',
      KeyConditionExpression: 'gsi2pk = :partition AND gsi2sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':partition': needByStatusIndexKey(filter.status, '', '').gsi2pk, ':from': from, ':to': to },
    };
  } else if (filter.communityId) {
    query = {
      TableName: table,
      IndexName: 'itemsByOwner',
      KeyConditionExpression: 'gsi3pk = :partition AND gsi3sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':partition': needByCommunityIndexKey(filter.communityId, '').gsi3pk,
        ':from': needByCommunityIndexKey('', from).gsi3sk,
        ':to': needByCommunityIndexKey('', to).gsi3sk,
      },
    };
  } else {
    throw new Error('listNeeds needs a status or a community');
  }
  if (filter.category) {
    conditions.push('category = :category');
    values[':category'] = filter.category;
  }
  const partition = String(query.ExpressionAttributeValues?.[':partition']);
  const start = page.start && checkedStartKey(page.start, filter.status ? 'workQueues' : 'itemsByOwner', partition);
  return pagedQuery(
    {
      ...query,
      ScanIndexForward: filter.order === 'oldest',
      ...(conditions.length > 0
        ? { FilterExpression: conditions.join(' AND '), ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ...values } }
        : {}),
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    },
    { limit: page.limit, ...(start ? { start } : {}) },
  );
}

/**
 * One page of needs of every community (no status, no community given): each community's index
 * read from where the cursor left it, merged by creation. The cursor keeps one position per
 * community (`done` once it is exhausted), so paging never skips or repeats a need. Reads per page
 * are bounded by the district's communities times the page size.
 */
export async function listNeedsOfCommunities(
  communityIds: readonly string[],
  filter: Omit<NeedListFilter, 'status' | 'communityId'>,
  page: { limit: number; start?: Record<string, string> },
): Promise<{ needs: Need[]; next?: Record<string, string> }> {
  const newest = filter.order === 'newest';
  for (const [communityId, position] of Object.entries(page.start ?? {})) {
    if (!communityIds.includes(communityId) || !(position === 'done' || /^NEED#[^|]{1,64}\|NEED#[0-9a-f-]{36}$/.test(position))) {
      throw new InvalidInput([{ field: 'cursor', code: 'invalid_value', detail: 'is not a cursor this API returned' }]);
    }
  }
  const reads = await Promise.all(
    communityIds.map(async (communityId) => {
      const position = page.start?.[communityId];
      if (position === 'done') return { communityId, needs: [] as Need[], next: undefined };
      const [gsi3sk, pk] = position ? position.split('|') : [];
      const start = gsi3sk && pk ? { gsi3pk: needByCommunityIndexKey(communityId, '').gsi3pk, gsi3sk, pk, sk: 'NEED' } : undefined;
      const read = await listNeeds({ ...filter, communityId }, { limit: page.limit, ...(start ? { start } : {}) });
      return { communityId, needs: read.needs, next: read.next };
    }),
  );
  const before = (left: Need, right: Need) => (newest ? right.createdAt.localeCompare(left.createdAt) : left.createdAt.localeCompare(right.createdAt)) || left.id.localeCompare(right.id);
  const taken = reads.flatMap((read) => read.needs).sort(before).slice(0, page.limit);
  const takenIds = new Set(taken.map((need) => need.id));
  const next: Record<string, string> = {};
  for (const read of reads) {
    const mine = read.needs.filter((need) => takenIds.has(need.id));
    const last = mine.at(-1);
    const allTaken = mine.length === read.needs.length;
    if (allTaken && !read.next) next[read.communityId] = 'done';
    else if (last) next[read.communityId] = `${needByCommunityIndexKey('', last.createdAt).gsi3sk}|${needKey(last.id).pk}`;
    else if (read.needs.length === 0 && read.next) next[read.communityId] = `${String(read.next.gsi3sk)}|${String(read.next.pk)}`;
    else if (page.start?.[read.communityId]) next[read.communityId] = page.start[read.communityId] as string;
  }
  const finished = Object.values(next).length === communityIds.length && Object.values(next).every((position) => position === 'done');
  return { needs: taken, ...(finished ? {} : { next }) };
}

async function pagedQuery(query: QueryCommandInput, page: { limit: number; start?: Record<string, unknown> }): Promise<NeedPage> {
  const needs: Need[] = [];
  let start = page.start;
  for (let reads = 0; reads < maxReadsPerPage && needs.length < page.limit; reads++) {
    // Limit counts items read before the filter: never read past the page, so the cursor loses nothing.
    const reply = await documentClient.send(new QueryCommand({ ...query, Limit: page.limit - needs.length, ExclusiveStartKey: start }));
    for (const item of reply.Items ?? []) needs.push(needFromItem(item));
    start = reply.LastEvaluatedKey;
    if (!start) break;
  }
  return { needs, ...(start ? { next: start } : {}) };
}

/**
 * Needs in one status created before `before` (oldest first), for the watchdog and the waiting
 * limit; `unflagged` leaves out those the watchdog already flagged in this status.
 */
export async function needsInStatus(status: NeedStatus, before: string, limit: number, options: { unflagged?: boolean } = {}): Promise<Need[]> {
  const page = await pagedQuery(
    {
      TableName: table,
      IndexName: 'workQueues',
      KeyConditionExpression: 'gsi2pk = :partition AND gsi2sk < :before',
      ExpressionAttributeValues: {
        ':partition': needByStatusIndexKey(status, '', '').gsi2pk,
        ':before': before,
        ...(options.unflagged ? { ':status': status } : {}),
      },
      ...(options.unflagged
        ? { FilterExpression: 'attribute_not_exists(watchdog) OR watchdog.#status <> :status', ExpressionAttributeNames: { '#status': 'status' } }
        : {}),
      ScanIndexForward: true,
    },
    { limit },
  );
  return page.needs;
}

/** The first waiting needs of a category in a community, in release order (special groups, then oldest). */
export async function waitingQueue(category: string, communityId: string, limit: number): Promise<Need[]> {
  const reply = await documentClient.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'partnersByCategory',
      KeyConditionExpression: 'gsi1pk = :queue',
      ExpressionAttributeValues: { ':queue': waitingQueueName(category, communityId) },
      Limit: limit,
    }),
  );
  return (reply.Items ?? []).map(needFromItem);
}

/** How many needs are ahead of this one in its queue, plus one (its place); bounded reads. */
export async function queuePosition(need: Need): Promise<number> {
  const { gsi1pk, gsi1sk } = waitingQueueIndexKey(need.category, need.communityId, need.specialGroups.length > 0, need.createdAt, need.id);
  let ahead = 0;
  let start: Record<string, unknown> | undefined;
  for (let reads = 0; reads < maxReadsPerPage; reads++) {
    const reply = await documentClient.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'partnersByCategory',
        KeyConditionExpression: 'gsi1pk = :queue AND gsi1sk < :mine',
        ExpressionAttributeValues: { ':queue': gsi1pk, ':mine': gsi1sk },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    ahead += reply.Count ?? 0;
    start = reply.LastEvaluatedKey;
    if (!start) break;
  }
  return ahead + 1;
}

/** Whether any need waits at all: one read that spares a freed place the queue reads when none does. */
export async function anyNeedWaiting(): Promise<boolean> {
  const reply = await documentClient.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'workQueues',
      KeyConditionExpression: 'gsi2pk = :partition',
      ExpressionAttributeValues: { ':partition': needByStatusIndexKey('waiting', '', '').gsi2pk },
      Limit: 1,
      ProjectionExpression: 'pk',
    }),
  );
  return (reply.Items ?? []).length > 0;
}
