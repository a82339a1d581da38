import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, request } from '../../support/http-client.ts';
import { expectedDemand, expectedGapCounts, expectedRepairsByGrid, knownPeriod, knownWeek } from '../../support/known-week.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';

let system: LocalSystem;
let operator = '';

interface ListReply<Row> {
  rows: Row[];
  itemsRead: number;
  period: { from: string; to: string };
}

beforeAll(async () => {
  system = await startLocalSystem();
  operator = await system.issueToken('operator', 'op-1');
  // Imported once the system has set the table's environment.
  const { documentClient } = await import('#lib/data/dynamo-client.ts');
  const { needItem } = await import('#lib/data/needs-repository.ts');
  const put = (item: Record<string, unknown>) => documentClient.send(new PutCommand({ TableName: system.tableName, Item: item }));
  // Served needs first as accepted, then in their final state: the consumer counts the change, not
  // twice. (An intermediate state the matcher would act on, such as submitted, would race it.)
  for (const need of knownWeek()) {
    if (need.status === 'completed') {
      await put(needItem({ ...need, status: 'accepted', timeline: need.timeline.slice(0, 3), rating: undefined, version: 3 }));
      await system.poller.drain();
    }
    await put(needItem(need));
  }
  await system.poller.drain();
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

const auth = () => ({ authorization: `Bearer ${operator}` });
const query = `from=${knownPeriod.from}&to=${knownPeriod.to}`;

async function csv(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${system.baseUrl}${path}`, { headers: { ...auth(), ...headers } });
  return { status: response.status, type: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe('the three lists from the stream-kept counters', () => {
  it('give exactly the expected demand figures for a seeded week, reading a bounded number of items', async () => {
    const reply = await eventually(async () => {
      const answer = await request<ListReply<unknown>>(system.baseUrl, 'GET', `/reports/demand?${query}`, { headers: auth() });
      return answer.body.rows?.length === expectedDemand.length ? answer : undefined;
    }, 5000);
    expect(reply.status).toBe(200);
    expect(reply.body.rows).toEqual(expectedDemand);
    // The needs list reads each day's totals: one item per day × category × community (× grid) with needs.
    expect(reply.body.itemsRead).toBe(4);
  });

  it('give the needs list per grid', async () => {
    const reply = await request<ListReply<{ category: string; gridId: string | null; posted: number; byStatus: Record<string, number> }>>(
      system.baseUrl,
      'GET',
      `/reports/demand?${query}&by=grid`,
      { headers: auth() },
    );
    const repairs = reply.body.rows.filter((row) => row.category === 'repairs');
    expect(repairs.map((row) => ({ gridId: row.gridId, posted: row.posted, completed: row.byStatus.completed, escalated: row.byStatus.escalated, cancelled: row.byStatus.cancelled }))).toEqual(
      expectedRepairsByGrid,
    );
    const sheet = await csv(`/reports/demand?${query}&by=grid&format=csv`);
    const lines = new TextDecoder().decode(sheet.bytes.slice(3)).split('\r\n');
    expect(lines[0]?.startsWith('服务类别,社区,网格,需求数,')).toBe(true);
    expect(lines.filter((line) => line.startsWith('维修,荷花社区,')).map((line) => line.split(',').slice(2, 4))).toEqual([
      ['（未注明）', '3'],
      ['荷花第二网格', '1'],
    ]);
  });

  it('set the gap against duty coverage and give the recruitment hint', async () => {
    const supply = await request<ListReply<{ category: string; communityId: string; onDutyByHourOfWeek: number[] }>>(system.baseUrl, 'GET', `/reports/supply?${query}`, { headers: auth() });
    const gap = await request<ListReply<{ category: string; communityId: string; hourOfWeek: number; waiting: number; escalated: number; unmet: number; onDuty: number; recruit: { zh: string } | null }>>(
      system.baseUrl,
      'GET',
      `/reports/gap?${query}`,
      { headers: auth() },
    );
    expect(gap.status).toBe(200);
    for (const expected of expectedGapCounts) {
      const row = gap.body.rows.find((entry) => entry.category === expected.category && entry.communityId === expected.communityId && entry.hourOfWeek === expected.hourOfWeek);
      expect(row).toMatchObject(expected);
      const coverage = supply.body.rows.find((entry) => entry.category === expected.category && entry.communityId === expected.communityId);
      expect(row?.onDuty).toBe(coverage?.onDutyByHourOfWeek[expected.hourOfWeek]);
    }
    // The demo's only childcare partner is suspended: nobody on duty on Saturday evening.
    expect(gap.body.rows.find((row) => row.category === 'childcare')?.recruit?.zh).toBe('周六晚上柳荫社区缺托育托管合伙人');
  });

  it('download as CSV that Excel opens: BOM, Chinese headers by default, English with lang=en', async () => {
    const chinese = await csv(`/reports/demand?${query}&format=csv`);
    expect(chinese.status).toBe(200);
    expect(chinese.type).toBe('text/csv; charset=utf-8');
    expect([...chinese.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(chinese.bytes.slice(3)).split('\r\n');
    expect(lines[0]?.startsWith('服务类别,社区,需求数,')).toBe(true);
    expect(lines[3]).toBe('维修,荷花社区,4,0,0,0,0,2,1,1,0,5,20,240,0.5,0.25,0.5,4');
    const english = await csv(`/reports/gap?${query}&lang=en`, { accept: 'text/csv' });
    const header = new TextDecoder().decode(english.bytes.slice(3)).split('\r\n')[0];
    expect(header).toBe('Rank,Category,Community,Hour of the week,Waiting,Escalated,Unmatched,Partners on duty,Recruitment hint');
  });

  it('refuses a period longer than the maximum, naming the field', async () => {
    const reply = await request<{ errors: Array<{ field: string }> }>(system.baseUrl, 'GET', '/reports/demand?from=2026-01-01&to=2026-12-31', { headers: auth() });
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((error) => error.field)).toEqual(['to']);
    const badFormat = await request<{ errors: Array<{ field: string }> }>(system.baseUrl, 'GET', '/reports/gap?format=xlsx', { headers: auth() });
    expect(badFormat.body.errors.map((error) => error.field)).toEqual(['format']);
  });
});
