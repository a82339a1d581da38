/**
 * The operators' desk on DynamoDB Local through HTTP: lists from the indexes with cursor paging,
 * assign (with and without override), redispatch, close, refer and the unit's reply, follow-up
 * close, co-building units; each action idempotent, 409 with the current state when the need has
 * moved on, in the timeline with who did it; bad input answered 400 naming the field, nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextShanghaiWeekday, shanghaiWindow } from '../../support/district-time.ts';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';
import { needsWithoutNextStep } from '../../support/next-step.ts';

let system: LocalSystem;
let operator = '';
let needs: typeof import('#lib/data/needs-repository.ts');
let partners: typeof import('#lib/data/partners-repository.ts');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

type Reply = {
  status: string;
  version: number;
  timeline: Array<{ status: string; action?: string; by?: string; reason?: string }>;
  offers: Array<{ id: string; partnerId: string; status: string; explanation: { assignedBy?: unknown } }>;
} & Record<string, unknown>;
const asOperator = (method: string, path: string, body?: unknown) =>
  request<Reply>(system.baseUrl, method, path, { headers: bearer(operator), ...(body === undefined ? {} : { body }) });

async function submit(body: object): Promise<{ id: string; trackingToken: string }> {
  const reply = await request<{ id: string; trackingToken: string }>(system.baseUrl, 'POST', '/needs', { body });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  await system.poller.drain();
  return reply.body;
}

async function needOf(id: string) {
  const need = await needs.getNeed(id);
  if (!need) throw new Error(`no need ${id}`);
  return need;
}

const repairIn = (gridId: string, phone = '13700001000') => ({ category: 'repairs', description: '水龙头漏水', communityId: 'hehua', gridId, contact: { name: '居民', phone } });
const publicIssue = (phone = '13700002000') => ({ category: 'publicIssue', description: '小区门口下水道堵了', communityId: 'hehua', contact: { name: '居民', phone } });

async function recruit(id: string, extra: Record<string, unknown> = {}) {
  const { partnerSchema } = await import('#lib/partners/partner.ts');
  await partners.putPartner(
    partnerSchema.parse({
      id,
      kind: 'individual',
      name: { zh: '新招募维修师傅' },
      status: 'active',
      capabilities: [{ category: 'repairs', skillLevel: 4 }],
      serviceArea: { communities: ['hehua'] },
      capacity: 3,
      priceMode: 'lowCost',
      homeVisits: true,
      schedule: { weekly: [], alwaysAvailable: true },
      contact: { name: '师傅', phone: '13600136001' },
      ...extra,
    }),
  );
}

beforeAll(async () => {
  system = await startLocalSystem();
  operator = await system.issueToken('operator', 'op-7');
  needs = await import('#lib/data/needs-repository.ts');
  partners = await import('#lib/data/partners-repository.ts');
});

afterAll(async () => {
  await system?.stop();
});

describe('assign', () => {
  it('refuses a partner that fails a constraint, assigns with an override and a reason, and answers a retry the same', async () => {
    const { id } = await submit(repairIn('hehua-1'));
    expect((await needOf(id)).status).toBe('escalated');
    const refused = await asOperator('POST', `/needs/${id}/assign`, { partnerId: 'demo-li-jianguo', note: '李师傅说可以来' });
    expect(refused.status).toBe(409);
    expect(refused.body.current).toMatchObject({ status: 'escalated', failedConstraints: ['serviceArea'] });

    const body = { partnerId: 'demo-li-jianguo', note: '李师傅说可以来', override: true, reason: '隔壁网格，师傅愿意跑一趟' };
    const assigned = await asOperator('POST', `/needs/${id}/assign`, body);
    expect(assigned.status).toBe(200);
    expect(assigned.body.status).toBe('offered');
    expect(assigned.body.timeline.at(-1)).toMatchObject({ action: 'assigned', by: 'op-7', reason: expect.stringContaining('由社区工作人员指派') });
    expect(assigned.body.offers[0]?.explanation.assignedBy).toMatchObject({ by: 'op-7', override: { reason: '隔壁网格，师傅愿意跑一趟', constraints: ['serviceArea'] } });

    const again = await asOperator('POST', `/needs/${id}/assign`, body);
    expect(again.status).toBe(200);
    const offers = await asOperator('GET', `/needs/${id}/offers`);
    expect(offers.body.offers).toHaveLength(1);
    // Another assignment while the offer is live: 409 with the state.
    const other = await asOperator('POST', `/needs/${id}/assign`, { partnerId: 'demo-hehua-volunteers', override: true, reason: '试试' });
    expect(other.status).toBe(409);
    expect(other.body.current).toMatchObject({ status: 'offered' });
  });

  it('assigns without override a partner that passes every constraint, and never beyond capacity', async () => {
    const { id } = await submit({ ...repairIn('hehua-1'), category: 'tailoring' });
    expect((await needOf(id)).status).toBe('escalated');
    // A tailor with its one place taken: capacity cannot be overridden.
    await recruit('tailor-a', { capabilities: [{ category: 'tailoring', skillLevel: 3 }], capacity: 1 });
    const { standingCounters } = await import('#lib/data/offers-repository.ts');
    const { sendTransaction } = await import('#lib/data/transactions.ts');
    await sendTransaction([standingCounters('tailor-a', { openOrders: 1 })]);
    const full = await asOperator('POST', `/needs/${id}/assign`, { partnerId: 'tailor-a', override: true, reason: '急' });
    expect(full.status).toBe(409);
    expect(full.body.current).toMatchObject({ capacity: 1, openOrders: 1 });
    await recruit('tailor-a', { capabilities: [{ category: 'tailoring', skillLevel: 3 }], capacity: 2 });
    const assigned = await asOperator('POST', `/needs/${id}/assign`, { partnerId: 'tailor-a' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.offers[0]).toMatchObject({ partnerId: 'tailor-a', status: 'open' });
    expect(assigned.body.offers[0]?.explanation.assignedBy).toEqual({ by: 'op-7' });
  });
});

describe('redispatch', () => {
  it('sends the need back into the cascade with the attempts reset; the partner that declined stays excluded', async () => {
    const { id } = await submit(repairIn('hehua-2'));
    expect((await needOf(id)).status).toBe('offered');
    const li = await system.issueToken('partner', 'demo-li-jianguo');
    expect((await request(system.baseUrl, 'POST', `/offers/${id}.1/decline`, { body: { reason: '周末有事' }, headers: bearer(li) })).status).toBe(200);
    await system.poller.drain();
    expect((await needOf(id)).status).toBe('escalated');
    await recruit('recruited-b');
    const back = await asOperator('POST', `/needs/${id}/redispatch`, { note: '新招募了维修师傅' });
    expect(back.status).toBe(200);
    // Sent back: the matcher takes it from the stream.
    expect(back.body.status).toBe('submitted');
    expect(back.body.timeline.some((step) => step.action === 'redispatched' && step.by === 'op-7')).toBe(true);
    expect((await needOf(id)).attemptsBeforeRedispatch).toBe(1);
    // A retry is answered; nothing is dispatched twice.
    const again = await asOperator('POST', `/needs/${id}/redispatch`, { note: '新招募了维修师傅' });
    expect(again.status).toBe(200);
    await system.poller.drain();
    expect((await needOf(id)).status).toBe('offered');
    const offers = await asOperator('GET', `/needs/${id}/offers`);
    expect(offers.body.offers.map((offer) => [offer.partnerId, offer.status])).toEqual([
      ['demo-li-jianguo', 'declined'],
      ['recruited-b', 'open'],
    ]);
    // Now offered: another redispatch is refused with the state.
    const refused = await asOperator('POST', `/needs/${id}/redispatch`, { note: '再试' });
    expect(refused.status).toBe(409);
    expect(refused.body.current).toMatchObject({ status: 'offered' });
  });
});

describe('close, refer and the reply', () => {
  it('closes for good with an outcome the resident reads, idempotently; later actions get 409', async () => {
    const { id, trackingToken } = await submit(publicIssue('13700002001'));
    const closed = await asOperator('POST', `/needs/${id}/close`, { outcome: 'duplicate', note: '与另一条重复' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect((await asOperator('POST', `/needs/${id}/close`, { outcome: 'duplicate', note: '与另一条重复' })).status).toBe(200);
    const refer = await asOperator('POST', `/needs/${id}/refer`, { unitId: 'whatever' });
    expect(refer.status).toBe(409);
    expect(refer.body.current).toMatchObject({ status: 'closed' });
    const page = await request<{ closure: { label: { zh: string } } }>(system.baseUrl, 'GET', `/needs/${id}`, { headers: { 'x-tracking-token': trackingToken } });
    expect(page.body.closure.label.zh).toContain('重复');
    await system.poller.drain();
    const texts = system.outbox.list().filter((message) => message.to === '13700002001').map((message) => message.text);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain('重复');
  });

  it('suggests the units whose topics match a public problem, refers it, and closes it with the unit’s answer', async () => {
    const unit = await asOperator('POST', '/units', { name: '东城街道城管中队', kind: 'government', contact: { name: '刘队', phone: '0571-8888 1234' }, topics: ['publicIssue'] });
    expect(unit.status).toBe(201);
    const unitId = String(unit.body.id);
    const { id } = await submit(publicIssue('13700002002'));
    const queue = await request<{ needs: Array<{ id: string; suggestedUnits?: Array<{ id: string }>; reason: { zh: string }; ageMinutes: number }> }>(
      system.baseUrl,
      'GET',
      '/escalations?limit=100',
      { headers: bearer(operator) },
    );
    const listed = queue.body.needs.find((need) => need.id === id);
    expect(listed?.suggestedUnits?.map((entry) => entry.id)).toContain(unitId);
    expect(listed?.reason.zh).toContain('不是服务需求');
    expect(listed?.ageMinutes).toBeGreaterThanOrEqual(0);

    const referred = await asOperator('POST', `/needs/${id}/refer`, { unitId, note: '请城管疏通' });
    expect(referred.status).toBe(200);
    expect(referred.body.status).toBe('referred');
    expect((await asOperator('POST', `/needs/${id}/refer`, { unitId, note: '请城管疏通' })).status).toBe(200);
    const replied = await asOperator('POST', `/needs/${id}/referral-reply`, { outcome: 'resolved', note: '已疏通' });
    expect(replied.status).toBe(200);
    expect(replied.body).toMatchObject({ status: 'closed', closure: { outcome: 'referral.resolved' } });
    await system.poller.drain();
    const texts = system.outbox.list().filter((message) => message.to === '13700002002').map((message) => message.text);
    expect(texts.map((text) => (text.includes('城管中队') ? 'referred' : text.includes('处理完毕') ? 'closed' : 'escalated'))).toEqual(['escalated', 'referred', 'closed']);
  });
});

describe('follow-ups', () => {
  it('records the follow-up of a low rating: it leaves the queue, the timeline says who, a retry answers the same, another outcome gets 409', async () => {
    const { id, trackingToken } = await submit({
      category: 'hospitalEscort',
      description: '陪诊',
      communityId: 'hehua',
      gridId: 'hehua-1',
      preferredWindow: shanghaiWindow(nextShanghaiWeekday(2), '09:00', '11:00'),
      specialGroups: ['elderly80'],
      contact: { name: '居民', phone: '13700003000' },
    });
    const volunteers = await system.issueToken('partner', 'demo-hehua-volunteers');
    for (const path of [`/offers/${id}.1/accept`, `/orders/${id}/start`, `/orders/${id}/complete`]) {
      expect((await request(system.baseUrl, 'POST', path, { headers: bearer(volunteers) })).status, path).toBe(200);
    }
    const rated = await request(system.baseUrl, 'POST', `/needs/${id}/rating`, { body: { stars: 1, tags: ['late'] }, headers: { 'x-tracking-token': trackingToken } });
    expect(rated.status).toBe(201);
    await system.poller.drain();
    const before = await request<{ followUps: Array<{ needId: string; need?: unknown }> }>(system.baseUrl, 'GET', '/follow-ups', { headers: bearer(operator) });
    expect(before.body.followUps.map((entry) => entry.needId)).toContain(id);
    // Each with what its need was, read with the page (the console makes no request per follow-up), and no contact.
    const listed = before.body.followUps.find((entry) => entry.needId === id);
    expect(listed?.need).toEqual({
      category: 'hospitalEscort',
      communityId: 'hehua',
      gridId: 'hehua-1',
      specialGroups: ['elderly80'],
      partner: { id: 'demo-hehua-volunteers', name: expect.objectContaining({ zh: expect.any(String) }) },
    });
    expect(JSON.stringify(before.body)).not.toContain('13700003000');

    const body = { outcome: 'explained', note: '已电话沟通，志愿者迟到是因为堵车' };
    const closed = await asOperator('POST', `/follow-ups/${id}/close`, body);
    expect(closed.status).toBe(200);
    expect(closed.body.closed).toMatchObject({ outcome: 'explained', by: 'op-7' });
    expect((await asOperator('POST', `/follow-ups/${id}/close`, body)).status).toBe(200);
    const other = await asOperator('POST', `/follow-ups/${id}/close`, { outcome: 'resolved' });
    expect(other.status).toBe(409);
    const after = await request<{ followUps: Array<{ needId: string }> }>(system.baseUrl, 'GET', '/follow-ups', { headers: bearer(operator) });
    expect(after.body.followUps.map((entry) => entry.needId)).not.toContain(id);
    expect((await needOf(id)).timeline.at(-1)).toMatchObject({ action: 'followUpClosed', by: 'op-7' });
    expect((await asOperator('POST', `/follow-ups/${crypto.randomUUID()}/close`, body)).status).toBe(404);
  });
});

describe('lists', () => {
  it('pages needs by status with a cursor, newest or oldest first, filtered by community and category', async () => {
    for (let index = 0; index < 3; index++) await submit({ ...publicIssue(), communityId: 'liuyin', description: `路灯 ${index}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const reply = await request<{ items: Array<{ id: string; communityId: string }>; cursor?: string }>(
        system.baseUrl,
        'GET',
        `/needs?status=escalated&communityId=liuyin&category=publicIssue&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { headers: bearer(operator) },
      );
      expect(reply.status).toBe(200);
      expect(reply.body.items.length).toBeLessThanOrEqual(2);
      for (const item of reply.body.items) expect(item.communityId).toBe('liuyin');
      seen.push(...reply.body.items.map((item) => item.id));
      cursor = reply.body.cursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    const oldest = await request<{ items: Array<{ id: string }> }>(system.baseUrl, 'GET', '/needs?communityId=liuyin&order=oldest', { headers: bearer(operator) });
    expect(oldest.body.items.map((item) => item.id)).toEqual([...seen].reverse());
    // A cursor belongs to its filters.
    const first = await request<{ cursor: string }>(system.baseUrl, 'GET', '/needs?status=escalated&limit=1', { headers: bearer(operator) });
    const misused = await request<{ errors: Array<{ field: string }> }>(system.baseUrl, 'GET', `/needs?status=closed&limit=1&cursor=${first.body.cursor}`, {
      headers: bearer(operator),
    });
    expect(misused.status).toBe(400);
    expect(misused.body.errors[0]?.field).toBe('cursor');
  });

  it('pages every need of the district with no filter, merged across communities, none skipped or repeated', async () => {
    for (const communityId of ['taoyuan', 'liuyin']) await submit({ ...publicIssue(), communityId, description: '井盖松动' });
    await submit(publicIssue());
    const seen: string[] = [];
    const created: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const reply = await request<{ items: Array<{ id: string; createdAt: string }>; cursor?: string }>(
        system.baseUrl,
        'GET',
        `/needs?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { headers: bearer(operator) },
      );
      expect(reply.status).toBe(200);
      seen.push(...reply.body.items.map((item) => item.id));
      created.push(...reply.body.items.map((item) => item.createdAt));
      cursor = reply.body.cursor;
      if (!cursor) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(created).toEqual([...created].sort().reverse());
    const byCommunity = await Promise.all(
      ['hehua', 'liuyin', 'taoyuan'].map(async (communityId) => {
        const reply = await request<{ items: unknown[] }>(system.baseUrl, 'GET', `/needs?communityId=${communityId}&limit=100`, { headers: bearer(operator) });
        return reply.body.items.length;
      }),
    );
    expect(seen.length).toBe(byCommunity.reduce((sum, count) => sum + count, 0));
  });

  it('lists the escalation queue a page at a time, past any fixed cap', async () => {
    const first = await request<{ needs: Array<{ id: string }>; cursor?: string }>(system.baseUrl, 'GET', '/escalations?limit=1', { headers: bearer(operator) });
    expect(first.body.needs).toHaveLength(1);
    const second = await request<{ needs: Array<{ id: string }> }>(system.baseUrl, 'GET', `/escalations?limit=1&cursor=${encodeURIComponent(first.body.cursor ?? '')}`, {
      headers: bearer(operator),
    });
    expect(second.body.needs).toHaveLength(1);
    expect(second.body.needs[0]?.id).not.toBe(first.body.needs[0]?.id);
  });
});

describe('co-building units', () => {
  it('creates, lists, reads, replaces by version and deletes', async () => {
    const created = await asOperator('POST', '/units', { name: '区司法所', kind: 'government', contact: { name: '陈所', phone: '0571-12345678' }, topics: ['legalAdvice', 'mediation'] });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    const listed = await request<{ items: Array<{ id: string }> }>(system.baseUrl, 'GET', '/units', { headers: bearer(operator) });
    expect(listed.body.items.map((unit) => unit.id)).toContain(id);
    const replaced = await asOperator('PUT', `/units/${id}`, { name: '区司法所', kind: 'government', contact: { name: '王所', phone: '0571-12345678' }, topics: ['legalAdvice'], version: 1 });
    expect(replaced.status).toBe(200);
    expect(replaced.body.version).toBe(2);
    const stale = await asOperator('PUT', `/units/${id}`, { name: '区司法所', kind: 'government', contact: { name: '王所', phone: '0571-12345678' }, version: 1 });
    expect(stale.status).toBe(409);
    expect((await asOperator('GET', `/units/${id}`)).body.contact).toEqual({ name: '王所', phone: '0571-12345678' });
    expect((await asOperator('DELETE', `/units/${id}`)).status).toBe(204);
    expect((await asOperator('DELETE', `/units/${id}`)).status).toBe(204);
    expect((await asOperator('GET', `/units/${id}`)).status).toBe(404);
  });

  it('replays a create retried with the same Idempotency-Key, and refuses the key with other fields', async () => {
    const body = { name: '区人社局就业服务站', kind: 'government', contact: { name: '孙站长', phone: '0571-87000000' }, topics: ['employmentAdvice'] };
    const send = (payload: unknown) =>
      request<{ id: string }>(system.baseUrl, 'POST', '/units', { body: payload, headers: { ...bearer(operator), 'idempotency-key': 'unit-create-1' } });
    const first = await send(body);
    const retry = await send(body);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await send({ ...body, name: '别的单位' })).status).toBe(409);
    const listed = await request<{ items: Array<{ name: string }> }>(system.baseUrl, 'GET', '/units?limit=100', { headers: bearer(operator) });
    expect(listed.body.items.filter((unit) => unit.name === body.name)).toHaveLength(1);
  });
});

describe('bad input on every new route', () => {
  it('answers 400 naming the field, and writes nothing', async () => {
    const { id } = await submit(publicIssue('13700004000'));
    const before = await needOf(id);
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', `/needs/${id}/assign`, {}, 'partnerId'],
      ['POST', `/needs/${id}/assign`, { partnerId: 'demo-li-jianguo', override: true }, 'reason'],
      ['POST', `/needs/${id}/assign`, { partnerId: 'no-such-partner' }, 'partnerId'],
      ['POST', `/needs/${id}/redispatch`, { note: 5 }, 'note'],
      ['POST', `/needs/${id}/close`, { outcome: 'bored' }, 'outcome'],
      ['POST', `/needs/${id}/close`, { outcome: 'duplicate', extra: 1 }, 'extra'],
      ['POST', `/needs/${id}/refer`, {}, 'unitId'],
      ['POST', `/needs/${id}/refer`, { unitId: 'no-such-unit' }, 'unitId'],
      ['POST', `/needs/${id}/referral-reply`, { outcome: 'maybe' }, 'outcome'],
      ['POST', `/follow-ups/${id}/close`, { outcome: 'whatever' }, 'outcome'],
      ['POST', '/units', { name: '', kind: 'government', contact: { name: 'x', phone: '12345' } }, 'name'],
      ['POST', '/units', { name: '某单位', kind: 'army', contact: { name: 'x', phone: '12345' } }, 'kind'],
      ['PUT', `/units/${crypto.randomUUID()}`, { name: '某单位', kind: 'government', contact: { name: 'x', phone: '12345' } }, 'version'],
      ['GET', '/needs?order=sideways', undefined, 'order'],
      ['GET', '/needs?status=lost', undefined, 'status'],
      ['GET', '/needs?status=escalated&from=yesterday', undefined, 'from'],
      ['GET', '/needs?status=escalated&from=2026-12-02&to=2026-12-01', undefined, 'to'],
      ['GET', '/needs?communityId=atlantis', undefined, 'communityId'],
      ['GET', '/needs?status=escalated&limit=1000', undefined, 'limit'],
      ['GET', '/escalations?limit=0', undefined, 'limit'],
      ['GET', '/operators/inbox?cursor=zzz', undefined, 'cursor'],
      ['GET', '/units?cursor=zzz', undefined, 'cursor'],
      ['GET', '/follow-ups?limit=-1', undefined, 'limit'],
    ];
    for (const [method, path, body, field] of cases) {
      const reply = await request<{ errors?: Array<{ field: string }> }>(system.baseUrl, method, path, { headers: bearer(operator), ...(body === undefined ? {} : { body }) });
      expect(reply.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body.errors?.map((error) => error.field), `${method} ${path}`).toContain(field);
    }
    expect((await needOf(id)).version).toBe(before.version);
    const units = await request<{ items: Array<{ name: string }> }>(system.baseUrl, 'GET', '/units?limit=100', { headers: bearer(operator) });
    expect(units.body.items.map((unit) => unit.name)).not.toContain('某单位');
    // Unknown needs answer 404; partners may not use the desk.
    expect((await asOperator('POST', `/needs/${crypto.randomUUID()}/close`, { outcome: 'duplicate' })).status).toBe(404);
    const partner = await system.issueToken('partner', 'demo-li-jianguo');
    expect((await request(system.baseUrl, 'GET', '/needs?status=escalated', { headers: bearer(partner) })).status).toBe(403);
    expect((await request(system.baseUrl, 'POST', `/needs/${id}/close`, { body: { outcome: 'duplicate' }, headers: bearer(partner) })).status).toBe(403);
  });

  it('leaves no need without a next step', async () => {
    await system.poller.drain();
    expect(await needsWithoutNextStep(system, operator)).toEqual([]);
  });
});
