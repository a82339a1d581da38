/**
 * The operators' inbox, bounded (#8/#12): alerts are kept `operatorAlerts.retentionDays` (a TTL on
 * each item) in one partition per month, and GET /operators/inbox pages through the months newest
 * first without losing or repeating an alert, and without listing alerts past the retention.
 * On DynamoDB Local through HTTP, with the clock the use cases read set by the test.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, liftedSubmissionLimits, startLocalSystem } from '../../support/local-system.ts';

let system: LocalSystem;
let operatorToken = '';
let clock: typeof import('#lib/common/clock.ts');
const retentionDays = 60;

interface Alert {
  id: string;
  needId: string;
  at: string;
}

function setClock(iso: string): Date {
  const at = new Date(iso);
  clock.useClock(() => at);
  return at;
}

/** A public problem is escalated on arrival (吹哨): one operator alert at the clock's time. */
async function escalateAt(iso: string): Promise<string> {
  setClock(iso);
  const reply = await request<{ id: string }>(system.baseUrl, 'POST', '/needs', {
    body: { category: 'publicIssue', description: '楼道灯坏了', communityId: 'hehua', contact: { name: '冯先生', phone: '13700000099' } },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  await system.poller.drain();
  return reply.body.id;
}

async function inboxPages(limit: number, cursor?: string): Promise<{ pages: Alert[][]; status: number[] }> {
  const pages: Alert[][] = [];
  const status: number[] = [];
  for (let page = 0; page < 20; page++) {
    const path = `/operators/inbox?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const reply = await request<{ alerts: Alert[]; cursor?: string }>(system.baseUrl, 'GET', path, { headers: { authorization: `Bearer ${operatorToken}` } });
    status.push(reply.status);
    pages.push(reply.body.alerts);
    cursor = reply.body.cursor;
    if (!cursor) break;
  }
  return { pages, status };
}

beforeAll(async () => {
  system = await startLocalSystem({
    configureDistrict: (district) => ({ ...district, submissions: liftedSubmissionLimits, operatorAlerts: { ...district.operatorAlerts, retentionDays } }),
  });
  operatorToken = await system.issueToken('operator', 'op-1');
  clock = await import('#lib/common/clock.ts');
});

afterEach(() => clock.useClock(undefined));

afterAll(async () => {
  await system?.stop();
});

describe("the operators' inbox, bounded", () => {
  const times = ['2026-08-20T02:00:00.000Z', '2026-09-30T23:59:00.000Z', '2026-10-01T00:01:00.000Z', '2026-10-15T08:00:00.000Z', '2026-10-15T09:00:00.000Z', '2026-11-02T10:00:00.000Z', '2026-11-03T10:00:00.000Z'];
  const needIds: string[] = [];

  beforeAll(async () => {
    for (const at of times) needIds.push(await escalateAt(at));
    clock.useClock(undefined);
  });

  it('keeps each alert for the retention period (TTL) in the partition of its month', async () => {
    const { documentClient, tableName } = await import('#lib/data/dynamo-client.ts');
    const { operatorAlertKey } = await import('#lib/data/keys.ts');
    const at = times[3] ?? '';
    const key = operatorAlertKey(at, `escalated.${needIds[3]}.2`);
    expect(key.pk).toBe('OPERATORS#2026-10');
    // The alert id carries the need's version at escalation: read the partition's item whatever it is.
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const items = await documentClient.send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)', ExpressionAttributeValues: { ':pk': key.pk, ':sk': `ALERT#${at}#` } }),
    );
    expect(items.Items).toHaveLength(1);
    expect(items.Items?.[0]?.ttl).toBe(Math.floor(Date.parse(at) / 1000) + retentionDays * 86_400);
    expect(items.Items?.[0]?.needId).toBe(needIds[3]);
    expect((await documentClient.send(new GetCommand({ TableName: tableName(), Key: { pk: 'OPERATORS', sk: items.Items?.[0]?.sk } }))).Item).toBeUndefined();
  });

  it('pages newest first across the months, every alert of the retention once, none older', async () => {
    // 60 days before 2026-11-10 is 2026-09-11: the August alert is past the retention, September's is not.
    setClock('2026-11-10T00:00:00.000Z');
    for (const limit of [1, 2, 3, 100]) {
      const { pages, status } = await inboxPages(limit);
      expect(status.every((code) => code === 200)).toBe(true);
      for (const page of pages) expect(page.length).toBeLessThanOrEqual(limit);
      const listed = pages.flat().map((alert) => alert.needId);
      expect(listed, `limit ${limit}`).toEqual(needIds.slice(1).reverse());
    }
  });

  it('drops alerts from the list as the retention passes them', async () => {
    setClock('2026-12-05T00:00:00.000Z');
    const { pages } = await inboxPages(2);
    // The cutoff is 2026-10-06: both October 15 alerts and November's remain.
    expect(pages.flat().map((alert) => alert.needId)).toEqual(needIds.slice(3).reverse());
  });

  it('refuses a cursor that is not an inbox key (400 naming the cursor)', async () => {
    const forged = Buffer.from(JSON.stringify({ s: { pk: 'NEED#x', sk: 'ALERT#2026' }, f: 'inbox' }), 'utf8').toString('base64url');
    const reply = await request<{ errors?: Array<{ field: string }> }>(system.baseUrl, 'GET', `/operators/inbox?cursor=${forged}`, {
      headers: { authorization: `Bearer ${operatorToken}` },
    });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toContain('cursor');
  });
});
