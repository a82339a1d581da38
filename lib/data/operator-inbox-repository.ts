/**
 * The operators' inbox, read newest first. Alerts live in one partition per UTC month of their
 * time (keys.ts, operatorAlertKey) and expire after the district's `operatorAlerts.retentionDays`
 * (DynamoDB TTL), so a page reads the current month's partition, then the month before, and so on
 * back to the retention's start: at most one query per month in the window (5 for 90 days), never
 * a partition that grows for ever. Alerts past the retention that TTL has not yet deleted are not
 * listed (the key condition starts at the cutoff).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidInput } from '../common/domain-errors.ts';
import type { OperatorAlert } from '../messaging/operator-alert.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { operatorAlertKey, operatorInboxPartition } from './keys.ts';

const table = tableName();
const partitionPattern = /^OPERATORS#(\d{4}-\d{2})$/;

/**
 * A month ahead of the reader's clock is read too: alerts written by a clock a little ahead (a
 * writer's skew at the turn of a month, the local runtime's moved clock) are still listed.
 */
const lookaheadDays = 31;

/** The UTC months (`yyyy-mm`) an inbox page may read, newest first: from a month ahead of `now` back to that of `now - retentionDays`. */
export function inboxMonths(now: Date, retentionDays: number): string[] {
  const oldest = new Date(now.getTime() - retentionDays * 86_400_000).toISOString().slice(0, 7);
  const months: string[] = [];
  const ahead = new Date(now.getTime() + lookaheadDays * 86_400_000);
  const month = new Date(Date.UTC(ahead.getUTCFullYear(), ahead.getUTCMonth(), 1));
  for (let guard = 0; guard < 24; guard++) {
    const label = month.toISOString().slice(0, 7);
    months.push(label);
    if (label <= oldest) break;
    month.setUTCMonth(month.getUTCMonth() - 1);
  }
  return months;
}

/** Epoch seconds after which DynamoDB may delete an alert written at `at`. */
export function alertExpiry(at: Date, retentionDays: number): number {
  return Math.floor(at.getTime() / 1000) + retentionDays * 86_400;
}

export interface InboxPage {
  alerts: OperatorAlert[];
  /** The last listed alert's key, when the page is full: the next page starts after it. */
  next?: Record<string, string>;
}

export async function operatorInbox(page: { limit: number; start?: Record<string, unknown>; now: Date; retentionDays: number }): Promise<InboxPage> {
  const start = page.start && inboxStartKey(page.start);
  const startMonth = start?.pk.replace(partitionPattern, '$1');
  const months = inboxMonths(page.now, page.retentionDays).filter((month) => !startMonth || month <= startMonth);
  const cutoff = `ALERT#${new Date(page.now.getTime() - page.retentionDays * 86_400_000).toISOString()}`;
  const alerts: OperatorAlert[] = [];
  for (const month of months) {
    const pk = operatorInboxPartition(month);
    let exclusiveStart: Record<string, unknown> | undefined = start && start.pk === pk ? start : undefined;
    // A month's query stops early only at DynamoDB's 1 MB per reply: a few more calls at most.
    for (let call = 0; call < 10 && alerts.length < page.limit; call++) {
      const reply = await documentClient.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': cutoff, ':to': 'ALERT#~' },
          ScanIndexForward: false,
          Limit: page.limit - alerts.length,
          ExclusiveStartKey: exclusiveStart,
        }),
      );
      alerts.push(...(reply.Items ?? []).map(({ pk: _pk, sk: _sk, type: _type, ttl: _ttl, ...alert }) => alert as OperatorAlert));
      exclusiveStart = reply.LastEvaluatedKey;
      if (!exclusiveStart) break;
    }
    if (alerts.length >= page.limit) break;
  }
  const last = alerts.at(-1);
  return { alerts, ...(last && alerts.length >= page.limit ? { next: operatorAlertKey(last.at, last.id) } : {}) };
}

/** A cursor's start key must be an inbox item's own key (pk OPERATORS#<month>, sk ALERT#…), or it is refused (400). */
function inboxStartKey(start: Record<string, unknown>): { pk: string; sk: string } {
  const { pk, sk, ...rest } = start;
  if (
    typeof pk !== 'string' ||
    !partitionPattern.test(pk) ||
    typeof sk !== 'string' ||
    !sk.startsWith('ALERT#') ||
    sk.length > 1024 ||
    Object.keys(rest).length > 0
  ) {
    throw new InvalidInput([{ field: 'cursor', code: 'invalid_value', detail: 'is not a cursor this API returned' }]);
  }
  return { pk, sk };
}
