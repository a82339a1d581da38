/**
 * The report counters (keys in ./keys.ts): one item per day × category × community × hour of the
 * week, the same summed per day × category × community, and per need the contribution last
 * counted. Counting a need's new state is one transaction: add the difference to its cell and its
 * day's total and record the contribution, conditional on the one read, so a replayed or
 * concurrent record never counts twice.
 */
import { GetCommand, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { type Contribution, type Counters, counterDelta, type CellAddress } from '../reports/report-counters.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { reportCellKey, reportCellSortKeyPrefix, reportedNeedKey, reportTotalKey, reportTotalSortKeyPrefix } from './keys.ts';
import { failedConditions, sendTransaction } from './transactions.ts';

const table = tableName();
const maxRounds = 4;

export interface StoredCell extends CellAddress {
  counters: Counters;
}

export type CountOutcome = 'counted' | 'unchanged' | 'older';

export async function countNeed(needId: string, next: Contribution): Promise<CountOutcome> {
  for (let round = 1; ; round++) {
    const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: reportedNeedKey(needId), ConsistentRead: true }));
    const previous = Item?.contribution as Contribution | undefined;
    if (previous && previous.version >= next.version) return 'older';
    const delta = counterDelta(previous, next);
    const names = Object.keys(delta);
    const record = {
      Put: {
        TableName: table,
        Item: { ...reportedNeedKey(needId), type: 'reportedNeed', contribution: next },
        ConditionExpression: previous ? 'contribution.version = :previous' : 'attribute_not_exists(pk)',
        ...(previous ? { ExpressionAttributeValues: { ':previous': previous.version } } : {}),
      },
    };
    try {
      if (names.length === 0) {
        await sendTransaction([record]);
        return 'unchanged';
      }
      const cell = next.cell;
      const add = (key: Record<string, string>, hourOfWeek?: number) => ({
        Update: {
          TableName: table,
          Key: key,
          UpdateExpression: `SET #type = :type, #day = :day, category = :category, communityId = :community${hourOfWeek === undefined ? (cell.gridId ? ', gridId = :grid' : '') : ', hourOfWeek = :hour'} ADD ${names.map((_, index) => `#c${index} :c${index}`).join(', ')}`,
          ExpressionAttributeNames: { '#type': 'type', '#day': 'day', ...Object.fromEntries(names.map((name, index) => [`#c${index}`, name])) },
          ExpressionAttributeValues: {
            ':type': hourOfWeek === undefined ? 'reportTotal' : 'reportCell',
            ':day': cell.day,
            ':category': cell.category,
            ':community': cell.communityId,
            ...(hourOfWeek === undefined ? (cell.gridId ? { ':grid': cell.gridId } : {}) : { ':hour': hourOfWeek }),
            ...Object.fromEntries(names.map((name, index) => [`:c${index}`, delta[name]])),
          },
        },
      });
      await sendTransaction([
        add(reportCellKey(cell.day, cell.category, cell.communityId, cell.hourOfWeek), cell.hourOfWeek),
        add(reportTotalKey(cell.day, cell.category, cell.communityId, cell.gridId)),
        record,
      ]);
      return 'counted';
    } catch (error) {
      const lostRace = failedConditions(error)?.some(Boolean);
      if (!lostRace || round >= maxRounds) throw error;
    }
  }
}

const cellFields = new Set(['pk', 'sk', 'type', 'day', 'category', 'communityId', 'hourOfWeek', 'gridId']);

export type CounterGrain = 'hours' | 'totals';

/**
 * The counters of one local day: per hour (at most categories × communities × 24 items) or the
 * day's totals (at most categories × communities). The loop is bounded by `maxPages` all the same.
 */
export async function cellsOfDay(day: string, grain: CounterGrain = 'hours', maxPages = 50): Promise<{ cells: StoredCell[]; itemsRead: number }> {
  const cells: StoredCell[] = [];
  let start: Record<string, unknown> | undefined;
  let pages = 0;
  do {
    const page: QueryCommandOutput = await documentClient.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :grain)',
        ExpressionAttributeValues: { ':pk': reportCellKey(day, '', '', 0).pk, ':grain': grain === 'hours' ? reportCellSortKeyPrefix : reportTotalSortKeyPrefix },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const counters: Counters = {};
      for (const [name, value] of Object.entries(item)) if (!cellFields.has(name) && typeof value === 'number') counters[name] = value;
      cells.push({
        day,
        category: String(item.category),
        communityId: String(item.communityId),
        hourOfWeek: Number(item.hourOfWeek ?? -1),
        ...(typeof item.gridId === 'string' ? { gridId: item.gridId } : {}),
        counters,
      });
    }
    start = page.LastEvaluatedKey;
    pages += 1;
  } while (start && pages < maxPages);
  if (start) throw new Error(`report day ${day} has more cells than ${maxPages} pages`);
  return { cells, itemsRead: cells.length };
}
