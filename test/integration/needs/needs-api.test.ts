import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../support/http-client.ts';
import { startLocalSystem } from '../../support/local-system.ts';

type LocalSystem = Awaited<ReturnType<typeof startLocalSystem>>;
let system: LocalSystem;
let baseUrl: string;

const validNeed = {
  category: 'repairs',
  description: '厨房水龙头漏水，需要上门维修',
  communityId: 'hehua',
  gridId: 'hehua-1',
  address: '荷花小区3幢2单元501',
  urgency: 'normal',
  specialGroups: ['elderly80', 'livingAlone'],
  contact: { name: '王阿姨', phone: '13800138000' },
};

async function countItems(type: string): Promise<number> {
  const { documentClient } = await import('#lib/data/dynamo-client.ts');
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new ScanCommand({
        TableName: system.tableName,
        FilterExpression: '#type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': type },
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

beforeAll(async () => {
  system = await startLocalSystem({ port: 0, inMemory: true });
  baseUrl = system.baseUrl;
});

afterAll(async () => {
  await system?.stop();
});

describe('GET /health and /catalog', () => {
  it('answers health', async () => {
    const reply = await request(baseUrl, 'GET', '/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: 'ok' });
  });

  it("lists the district's categories with Chinese labels and its communities with grids", async () => {
    const reply = await request<{ categories: Array<{ code: string; label: { zh: string } }>; communities: Array<{ id: string; grids: unknown[] }> }>(
      baseUrl,
      'GET',
      '/catalog',
    );
    expect(reply.status).toBe(200);
    expect(reply.body.categories).toContainEqual(expect.objectContaining({ code: 'mealAssistance', label: { zh: '助餐', en: 'Meal assistance' } }));
    expect(reply.body.categories.length).toBeGreaterThanOrEqual(19);
    expect(reply.body.communities.map((community) => community.id)).toEqual(['hehua', 'liuyin', 'taoyuan']);
    expect(reply.body.communities[0]?.grids).toHaveLength(3);
  });
});

describe('POST /needs then GET /needs/{id}', () => {
  it('creates a need, answers 201 with a tracking token, and the timeline shows the matcher took it', async () => {
    const created = await request<{ id: string; trackingToken: string; status: string }>(baseUrl, 'POST', '/needs', { body: validNeed });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('submitted');
    expect(created.body.trackingToken).toMatch(/^[\w-]{32}$/);
    expect(created.headers.get('location')).toBe(`/needs/${created.body.id}`);

    // Wait for the stream consumers rather than a clock: a loaded machine is slow, not wrong.
    await system.poller.drain();
    const tracked = await request<{ status: string; timeline: Array<{ status: string; at: string; label: { zh: string } }> }>(
      baseUrl,
      'GET',
      `/needs/${created.body.id}`,
      { headers: { 'x-tracking-token': created.body.trackingToken } },
    );
    expect(tracked.status).toBe(200);
    expect(tracked.body.timeline[0]).toMatchObject({ status: 'submitted', label: { zh: '已提交' } });
    expect(tracked.body.timeline[1]?.status).not.toBe('submitted');
    expect(Date.parse(tracked.body.timeline[1]?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(tracked.body.timeline[0]?.at ?? ''));
    expect(JSON.stringify(tracked.body)).not.toContain('trackingTokenHash');
    expect(JSON.stringify(tracked.body)).not.toContain('13800138000');
  });

  it('answers a wrong or missing token exactly as an unknown id', async () => {
    const created = await request<{ id: string }>(baseUrl, 'POST', '/needs', { body: validNeed });
    const wrongToken = await request(baseUrl, 'GET', `/needs/${created.body.id}`, { headers: { 'x-tracking-token': 'not-the-token' } });
    const noToken = await request(baseUrl, 'GET', `/needs/${created.body.id}`);
    const unknownId = await request(baseUrl, 'GET', '/needs/00000000-0000-4000-8000-000000000000', { headers: { 'x-tracking-token': 'x' } });
    expect(wrongToken.status).toBe(404);
    expect(noToken.status).toBe(404);
    expect(unknownId.status).toBe(404);
    expect(wrongToken.body).toEqual(unknownId.body);
    expect(noToken.body).toEqual(unknownId.body);
    expect(wrongToken.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('replays a submit with the same Idempotency-Key and creates one need', async () => {
    const before = await countItems('need');
    const headers = { 'idempotency-key': `form-${Date.now()}` };
    const first = await request<{ id: string; trackingToken: string }>(baseUrl, 'POST', '/needs', { body: validNeed, headers });
    const [second, third] = await Promise.all([
      request<{ id: string; trackingToken: string }>(baseUrl, 'POST', '/needs', { body: validNeed, headers }),
      request<{ id: string; trackingToken: string }>(baseUrl, 'POST', '/needs', { body: validNeed, headers }),
    ]);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(third.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(third.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await countItems('need')).toBe(before + 1);
  });

  it('keeps no tracking token in clear at rest: not in the need, not in the idempotency record', async () => {
    const headers = { 'idempotency-key': `at-rest-${Date.now()}` };
    const created = await request<{ id: string; trackingToken: string }>(baseUrl, 'POST', '/needs', { body: validNeed, headers });
    const { documentClient } = await import('#lib/data/dynamo-client.ts');
    const everything = JSON.stringify(await documentClient.send(new ScanCommand({ TableName: system.tableName })));
    expect(everything).toContain(created.body.id);
    expect(everything).not.toContain(created.body.trackingToken);
    const replayed = await request<{ trackingToken: string }>(baseUrl, 'POST', '/needs', { body: validNeed, headers });
    expect(replayed.body.trackingToken).toBe(created.body.trackingToken);
  });

  it('refuses an Idempotency-Key reused for a different need, creating nothing', async () => {
    const headers = { 'idempotency-key': `reuse-${Date.now()}` };
    await request(baseUrl, 'POST', '/needs', { body: validNeed, headers });
    const before = await countItems('need');
    const reused = await request(baseUrl, 'POST', '/needs', { body: { ...validNeed, description: '另一件事' }, headers });
    expect(reused.status).toBe(409);
    expect(await countItems('need')).toBe(before);
  });
});

describe('bad input', () => {
  const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
  const cases: Array<[string, { body?: unknown; rawBody?: string; headers?: Record<string, string> }, number, string]> = [
    ['a number where text is expected', { body: { ...validNeed, description: 42 } }, 400, 'description'],
    ['an unknown category', { body: { ...validNeed, category: 'fortuneTelling' } }, 400, 'category'],
    ['an unknown community', { body: { ...validNeed, communityId: 'atlantis' } }, 400, 'communityId'],
    ['a grid of another community', { body: { ...validNeed, gridId: 'liuyin-1' } }, 400, 'gridId'],
    ['a bad phone number', { body: { ...validNeed, contact: { name: '王', phone: '12345' } } }, 400, 'contact.phone'],
    ['an over-long description', { body: { ...validNeed, description: '长'.repeat(2001) } }, 400, 'description'],
    ['invalid JSON', { rawBody: '{"category": "repairs",' }, 400, '(body)'],
    ['a JSON array', { rawBody: '[]' }, 400, '(body)'],
    ['an empty body', { rawBody: '' }, 400, '(body)'],
    ['a bad Idempotency-Key', { body: validNeed, headers: { 'idempotency-key': 'has spaces in it' } }, 400, 'Idempotency-Key'],
    ['a window to the year 9998', { body: { ...validNeed, preferredWindow: { from: inHours(1), to: '9998-12-31T23:59:00+08:00' } } }, 400, 'preferredWindow.to'],
    ['a window starting in 60 days', { body: { ...validNeed, preferredWindow: { from: inHours(60 * 24), to: inHours(61 * 24) } } }, 400, 'preferredWindow.from'],
    ['a body nested 5,000 levels deep', { rawBody: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}` }, 400, '(body)'],
    ['a body over 64 KB', { rawBody: JSON.stringify({ ...validNeed, description: 'x'.repeat(70_000) }) }, 413, ''],
  ];

  it.each(cases)('answers %s with the documented status, names the field and writes nothing', async (_, options, status, field) => {
    const before = await countItems('need');
    const reply = await request<{ status: number; errors?: Array<{ field: string }> }>(baseUrl, 'POST', '/needs', options);
    expect(reply.status).toBe(status);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body.status).toBe(status);
    if (field) expect(reply.body.errors?.map((error) => error.field)).toContain(field);
    expect(await countItems('need')).toBe(before);
  });

  it('answers 405 with Allow for a known path and another method, 404 for an unknown path', async () => {
    const wrongMethod = await request(baseUrl, 'DELETE', '/needs');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const unknown = await request(baseUrl, 'GET', '/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
