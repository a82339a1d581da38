import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';

let system: LocalSystem;
let operator: string;
let partnerA: string;
let partnerB: string;
let unknownPartner: string;
// Read the table's name and endpoint when first imported: after the system is up.
let needs: typeof import('#lib/data/needs-repository.ts');
let offers: typeof import('#lib/data/offers-repository.ts');

type PartnerBody = Record<string, unknown> & { id: string; status: string; version: number; history: Array<Record<string, unknown>> };

/** Physiotherapy (理疗) in Taoyuan: no demo partner offers it, so whoever gets the need is one of ours. */
function physiotherapist(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'business',
    name: { zh: '桃园康复理疗站', en: 'Taoyuan Physio' },
    capabilities: [{ category: 'physiotherapy', skillLevel: 4 }],
    serviceArea: { communities: ['taoyuan'] },
    capacity: 5,
    priceMode: 'lowCost',
    homeVisits: true,
    schedule: { alwaysAvailable: true },
    contact: { name: '孙医生', phone: '13900000031' },
    ...overrides,
  };
}

/** Fresh produce (果蔬) in Taoyuan: no demo partner offers it, and in this file only the partner of the suspension test. */
const produceNeed = {
  category: 'freshProduce',
  description: '每周送两次新鲜蔬菜上门',
  communityId: 'taoyuan',
  gridId: 'taoyuan-1',
  address: '桃园新村5幢101',
  urgency: 'normal',
  specialGroups: [],
  contact: { name: '钱大爷', phone: '13700137001' },
};

const as = (token: string | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

async function call<Body = PartnerBody>(
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return request<Body>(system.baseUrl, method, path, { ...(body === undefined ? {} : { body }), headers: { ...as(token), ...headers } });
}

async function create(body: Record<string, unknown>): Promise<PartnerBody> {
  const reply = await call(operator, 'POST', '/partners', body);
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

async function admit(id: string): Promise<PartnerBody> {
  for (const status of ['vetted', 'active']) {
    const reply = await call(operator, 'POST', `/partners/${id}/status`, { status, reason: `${status} after review` });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  }
  return (await call(operator, 'GET', `/partners/${id}`)).body;
}

async function submitNeed(): Promise<string> {
  const reply = await request<{ id: string }>(system.baseUrl, 'POST', '/needs', { body: produceNeed });
  expect(reply.status).toBe(201);
  return reply.body.id;
}

async function settled(needId: string) {
  await system.poller.drain();
  const need = await needs.getNeed(needId);
  if (!need) throw new Error(`need ${needId} is gone`);
  return { need, offers: await offers.offersOfNeed(needId) };
}

beforeAll(async () => {
  system = await startLocalSystem({ port: 0, inMemory: true });
  needs = await import('#lib/data/needs-repository.ts');
  offers = await import('#lib/data/offers-repository.ts');
  operator = await system.issueToken('operator', 'op-1');
  partnerA = await system.issueToken('partner', 'auth-partner-a');
  partnerB = await system.issueToken('partner', 'auth-partner-b');
  unknownPartner = await system.issueToken('partner', 'nobody-registered');
  await create(physiotherapist({ id: 'auth-partner-a', name: { zh: '甲' } }));
  await create(physiotherapist({ id: 'auth-partner-b', name: { zh: '乙' } }));
});

afterAll(async () => {
  await system?.stop();
});

describe('authorization on every partner route', () => {
  const operatorRoutes: Array<[string, string, unknown]> = [
    ['POST', '/partners', physiotherapist()],
    ['GET', '/partners', undefined],
    ['GET', '/partners/auth-partner-b', undefined],
    ['PATCH', '/partners/auth-partner-b', { capacity: 2 }],
    ['POST', '/partners/auth-partner-b/status', { status: 'vetted', reason: 'x' }],
    ['POST', '/partners/import', { csv: '名称\n王\n' }],
  ];
  const partnerRoutes: Array<[string, string, unknown]> = [
    ['GET', '/partners/me', undefined],
    ['PUT', '/partners/me/schedule', { alwaysAvailable: true }],
  ];

  it.each([...operatorRoutes, ...partnerRoutes])('%s %s without a token answers 401', async (method, path, body) => {
    expect((await call(undefined, method, path, body)).status).toBe(401);
  });

  it.each(operatorRoutes)('%s %s with a partner token answers 403 and changes nothing', async (method, path, body) => {
    const before = (await call(operator, 'GET', '/partners/auth-partner-b')).body;
    expect((await call(partnerA, method, path, body)).status).toBe(403);
    expect((await call(operator, 'GET', '/partners/auth-partner-b')).body.version).toBe(before.version);
  });

  it.each(partnerRoutes)('%s %s with an operator token answers 403 (an operator is no partner)', async (method, path, body) => {
    expect((await call(operator, method, path, body)).status).toBe(403);
  });

  it('lets partner A see only itself: /partners/me is A, B’s profile is for operators', async () => {
    const me = await call(partnerA, 'GET', '/partners/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe('auth-partner-a');
    expect(me.body).not.toHaveProperty('history');
    expect((await call(partnerA, 'GET', '/partners/auth-partner-b')).status).toBe(403);
    expect((await call(partnerB, 'GET', '/partners/me')).body.id).toBe('auth-partner-b');
  });

  it('answers 404 to a partner token whose subject has no profile', async () => {
    expect((await call(unknownPartner, 'GET', '/partners/me')).status).toBe(404);
    expect((await call(unknownPartner, 'PUT', '/partners/me/schedule', { alwaysAvailable: true })).status).toBe(404);
  });
});

describe('create → get → patch → admission', () => {
  it('registers a partner as applied with a generated id, its history and a Location', async () => {
    const reply = await call(operator, 'POST', '/partners', physiotherapist());
    expect(reply.status).toBe(201);
    expect(reply.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.headers.get('location')).toBe(`/partners/${reply.body.id}`);
    expect(reply.body).toMatchObject({
      status: 'applied',
      version: 1,
      updatedBy: 'op-1',
      history: [{ by: 'op-1', from: null, to: 'applied' }],
    });
  });

  it('keeps a given id, refuses it twice (409), refuses a status, unknown communities and bad fields (400)', async () => {
    await create(physiotherapist({ id: 'given-id-1' }));
    expect((await call(operator, 'POST', '/partners', physiotherapist({ id: 'given-id-1' }))).status).toBe(409);
    const refused = await call<{ errors: Array<{ field: string }> }>(
      operator,
      'POST',
      '/partners',
      physiotherapist({ status: 'active', serviceArea: { communities: ['atlantis'] }, contact: { name: '孙', phone: '123' } }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error) => error.field)).toEqual(['status']);
    const invalid = await call<{ errors: Array<{ field: string }> }>(
      operator,
      'POST',
      '/partners',
      physiotherapist({ contact: { name: '孙', phone: '123' }, capacity: 0 }),
    );
    expect(invalid.body.errors.map((error) => error.field).sort()).toEqual(['capacity', 'contact.phone']);
    const foreign = await call<{ errors: Array<{ field: string }> }>(
      operator,
      'POST',
      '/partners',
      physiotherapist({ serviceArea: { communities: ['atlantis'] } }),
    );
    expect(foreign.body.errors.map((error) => error.field)).toEqual(['serviceArea.communities.0']);
  });

  it('shows the profile with history, standing (open orders, reputation, grade, points) and an ETag', async () => {
    const { id } = await create(physiotherapist());
    const reply = await call<PartnerBody & { standing: Record<string, unknown> }>(operator, 'GET', `/partners/${id}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('etag')).toBe('"1"');
    expect(reply.body.standing).toMatchObject({ openOrders: 0, reputation: { count: 0 }, points: 0, grade: { level: expect.any(Number) } });
    expect((await call(operator, 'GET', '/partners/no-such-partner')).status).toBe(404);
  });

  it('patches with a merge patch based on a version, rewrites capabilities, and refuses a stale version with 409', async () => {
    const { id } = await create(physiotherapist());
    const patched = await call(operator, 'PATCH', `/partners/${id}`, {
      version: 1,
      capacity: 2,
      capabilities: [
        { category: 'physiotherapy', skillLevel: 5 },
        { category: 'skillsTraining', skillLevel: 2 },
      ],
      contact: { name: '孙主任' },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ version: 2, capacity: 2, contact: { name: '孙主任', phone: '13900000031' } });
    expect(patched.headers.get('etag')).toBe('"2"');

    const listed = await call<{ items: Array<{ id: string }> }>(operator, 'GET', '/partners?category=skillsTraining');
    expect(listed.body.items.map((item) => item.id)).toContain(id);

    const stale = await call<{ current: { version: number } }>(operator, 'PATCH', `/partners/${id}`, { version: 1, capacity: 3 });
    expect(stale.status).toBe(409);
    expect(stale.body.current.version).toBe(2);
    const staleHeader = await call(operator, 'PATCH', `/partners/${id}`, { capacity: 3 }, { 'if-match': '"1"' });
    expect(staleHeader.status).toBe(409);
    const viaHeader = await call(
      operator,
      'PATCH',
      `/partners/${id}`,
      { capabilities: [{ category: 'physiotherapy', skillLevel: 5 }] },
      { 'if-match': '"2"' },
    );
    expect(viaHeader.status).toBe(200);
    const relisted = await call<{ items: Array<{ id: string }> }>(operator, 'GET', '/partners?category=skillsTraining');
    expect(relisted.body.items.map((item) => item.id)).not.toContain(id);
  });

  it('takes notification channels with their secrets but never shows the secrets', async () => {
    const { id } = await create(physiotherapist());
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const reply = await call<PartnerBody & { notificationChannels: Array<{ type: string; key: string }> }>(
      operator,
      'PATCH',
      `/partners/${id}`,
      {
        notificationChannels: [{ type: 'webhook', url: 'http://127.0.0.1:9/offers', secret }],
      },
    );
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.notificationChannels).toEqual([expect.objectContaining({ type: 'webhook', key: expect.any(String) })]);
    const seen = await call(operator, 'GET', `/partners/${id}`);
    expect(JSON.stringify([reply.body, seen.body])).not.toContain(secret);
  });

  it('lets exactly one of five concurrent edits of the same version land', async () => {
    const { id } = await create(physiotherapist());
    const replies = await Promise.all(
      [11, 12, 13, 14, 15].map((capacity) => call(operator, 'PATCH', `/partners/${id}`, { version: 1, capacity })),
    );
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const winner = replies.find((reply) => reply.status === 200)?.body;
    expect((await call(operator, 'GET', `/partners/${id}`)).body).toMatchObject({ version: 2, capacity: winner?.capacity });
  });

  it('refuses patches of the status, the id, unknown fields and invalid results, naming the field', async () => {
    const { id } = await create(physiotherapist());
    for (const [patch, field] of [
      [{ status: 'active' }, 'status'],
      [{ id: 'other' }, 'id'],
      [{ colour: 'red' }, 'colour'],
      [{ capacity: -1 }, 'capacity'],
      [{ serviceArea: { grids: ['mars-1'] } }, 'serviceArea.grids.0'],
    ] as const) {
      const reply = await call<{ errors: Array<{ field: string }> }>(operator, 'PATCH', `/partners/${id}`, patch);
      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((error) => error.field)).toContain(field);
    }
    expect((await call(operator, 'PATCH', '/partners/no-such-partner', { capacity: 2 })).status).toBe(404);
  });

  it('moves applied → vetted → active ⇄ suspended with who, when and why in the history; refuses other moves with 409', async () => {
    const { id } = await create(physiotherapist());
    const skip = await call<{ current: { status: string; allowed: string[] } }>(operator, 'POST', `/partners/${id}/status`, {
      status: 'active',
      reason: '跳过审核',
    });
    expect(skip.status).toBe(409);
    expect(skip.body.current).toEqual({ status: 'applied', allowed: ['vetted'] });
    const noReason = await call<{ errors: Array<{ field: string }> }>(operator, 'POST', `/partners/${id}/status`, { status: 'vetted' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((error) => error.field)).toEqual(['reason']);

    const steps: Array<[string, string]> = [
      ['vetted', '材料齐全，六级评估通过'],
      ['active', '签订承诺书'],
      ['suspended', '多次差评'],
      ['active', '整改完成'],
    ];
    for (const [status, reason] of steps) {
      const reply = await call(operator, 'POST', `/partners/${id}/status`, { status, reason });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.body.status).toBe(status);
    }
    const again = await call(operator, 'POST', `/partners/${id}/status`, { status: 'active', reason: 'twice' });
    expect(again.status).toBe(200);

    const { body } = await call(operator, 'GET', `/partners/${id}`);
    expect(body.version).toBe(5);
    expect(body.history.map((entry) => [entry.from, entry.to, entry.reason, entry.by])).toEqual([
      [null, 'applied', 'registered', 'op-1'],
      ['applied', 'vetted', '材料齐全，六级评估通过', 'op-1'],
      ['vetted', 'active', '签订承诺书', 'op-1'],
      ['active', 'suspended', '多次差评', 'op-1'],
      ['suspended', 'active', '整改完成', 'op-1'],
    ]);
    for (const entry of body.history) expect(Date.parse(String(entry.at))).not.toBeNaN();
    expect((await call(operator, 'POST', '/partners/no-such-partner/status', { status: 'vetted', reason: 'x' })).status).toBe(404);
  });

  it('never offers a need to a suspended partner: the only grocer in Taoyuan is offered it while active, not once suspended', async () => {
    const grocer = physiotherapist({
      id: 'only-grocer',
      name: { zh: '桃园果蔬店' },
      capabilities: [{ category: 'freshProduce', skillLevel: 3 }],
    });
    const { id } = await admit((await create(grocer)).id);
    const first = await settled(await submitNeed());
    expect(first.need.status).toBe('offered');
    expect(first.offers.map((offer) => offer.partnerId)).toEqual([id]);

    const suspended = await call(operator, 'POST', `/partners/${id}/status`, { status: 'suspended', reason: '投诉调查中' });
    expect(suspended.status).toBe(200);
    const second = await settled(await submitNeed());
    expect(second.offers).toEqual([]);
    expect(second.need.status).toBe('escalated');
    expect(second.need.escalation?.emptiedBy).toBe('active');
  });
});

describe('GET /partners', () => {
  it('pages through a filter with an opaque cursor, every partner once', async () => {
    const ids = new Set<string>();
    for (const name of ['丁', '丙', '甲乙', '戊', '己']) {
      ids.add((await create(physiotherapist({ name: { zh: name }, capabilities: [{ category: 'tailoring', skillLevel: 3 }] }))).id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const reply = await call<{ items: Array<{ id: string; status: string }>; cursor?: string }>(
        operator,
        'GET',
        `/partners?category=tailoring&status=applied&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(reply.status).toBe(200);
      expect(reply.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...reply.body.items.map((item) => item.id));
      cursor = reply.body.cursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen.sort()).toEqual([...ids].sort());
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('lists the district by status then name, filters by community (grids count), and shows no secrets', async () => {
    await create(
      physiotherapist({
        name: { zh: '网格服务队' },
        serviceArea: { grids: ['liuyin-2'] },
        capabilities: [{ category: 'mediation', skillLevel: 3 }],
      }),
    );
    const active = await call<{ items: Array<{ id: string; status: string; name: { zh: string } }>; cursor?: string }>(
      operator,
      'GET',
      '/partners?status=active&limit=100',
    );
    expect(active.body.items.length).toBeGreaterThan(5);
    expect(active.body.items.every((item) => item.status === 'active')).toBe(true);
    const names = active.body.items.map((item) => item.name.zh);
    expect(names).toEqual([...names].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1)));

    const liuyin = await call<{ items: Array<{ name: { zh: string }; serviceArea: { communities: string[]; grids: string[] } }> }>(
      operator,
      'GET',
      '/partners?communityId=liuyin&limit=100',
    );
    expect(liuyin.body.items.map((item) => item.name.zh)).toContain('网格服务队');
    for (const item of liuyin.body.items) {
      expect(item.serviceArea.communities.includes('liuyin') || item.serviceArea.grids.some((grid) => grid.startsWith('liuyin'))).toBe(
        true,
      );
    }

    const all = await call<{ items: unknown[] }>(operator, 'GET', '/partners?limit=100');
    expect(JSON.stringify(all.body)).not.toContain('whsec_');
  });

  it('refuses unknown filters, a bad limit and a cursor made for other filters', async () => {
    for (const [query, field] of [
      ['status=retired', 'status'],
      ['category=fortuneTelling', 'category'],
      ['communityId=atlantis', 'communityId'],
      ['limit=0', 'limit'],
      ['colour=red', 'colour'],
    ]) {
      const reply = await call<{ errors: Array<{ field: string }> }>(operator, 'GET', `/partners?${query}`);
      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((error) => error.field)).toContain(field);
    }
    const first = await call<{ cursor?: string }>(operator, 'GET', '/partners?limit=1');
    expect(first.body.cursor).toBeDefined();
    const misused = await call<{ errors: Array<{ field: string }> }>(
      operator,
      'GET',
      `/partners?status=active&cursor=${first.body.cursor}`,
    );
    expect(misused.status).toBe(400);
    expect(misused.body.errors.map((error) => error.field)).toEqual(['cursor']);
  });

  it('answers every tampered cursor with 400 naming it, never 500', async () => {
    const first = await call<{ cursor?: string }>(operator, 'GET', '/partners?category=tailoring&limit=1');
    const made = JSON.parse(Buffer.from(first.body.cursor ?? '', 'base64url').toString('utf8')) as { s: Record<string, string>; f: string };
    const forge = (start: unknown) => Buffer.from(JSON.stringify({ s: start, f: made.f }), 'utf8').toString('base64url');
    const tampered = [
      forge({}),
      forge({ ...made.s, extra: 'x' }),
      forge({ pk: made.s.pk, sk: made.s.sk }),
      forge({ ...made.s, gsi1pk: 'partner#someone-else' }),
      forge({ ...made.s, sk: '' }),
      forge({ ...made.s, gsi1sk: 'z'.repeat(2000) }),
      `${first.body.cursor}x`,
      'not-base64-at-all!!',
    ];
    for (const cursor of tampered) {
      const reply = await call<{ errors: Array<{ field: string }> }>(
        operator,
        'GET',
        `/partners?category=tailoring&limit=1&cursor=${encodeURIComponent(cursor)}`,
      );
      expect(reply.status, cursor).toBe(400);
      expect(reply.body.errors.map((error) => error.field)).toEqual(['cursor']);
    }
  });
});

describe('partner self-service', () => {
  it('shows the partner its profile, reputation, grade and points', async () => {
    const reply = await call<PartnerBody & { standing: Record<string, unknown> }>(partnerA, 'GET', '/partners/me');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: 'auth-partner-a', status: 'applied' });
    expect(reply.body.standing).toMatchObject({
      reputation: { count: 0 },
      points: 0,
      grade: { level: expect.any(Number), name: { zh: expect.any(String) } },
    });
  });

  it('replaces the schedule, which operators then see', async () => {
    const schedule = {
      weekly: [{ day: 2, from: '09:00', to: '11:30', categories: ['physiotherapy'] }],
      exceptions: [{ date: '2026-10-01', available: false, reason: '国庆' }],
    };
    const reply = await call<{ schedule: unknown; version: number }>(partnerA, 'PUT', '/partners/me/schedule', schedule);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.schedule).toEqual({ ...schedule, alwaysAvailable: false });
    const seen = await call(operator, 'GET', '/partners/auth-partner-a');
    expect(seen.body).toMatchObject({
      schedule: { ...schedule, alwaysAvailable: false },
      version: reply.body.version,
      updatedBy: 'auth-partner-a',
    });
  });

  it('names the field at fault in a bad schedule and keeps the old one', async () => {
    const before = (await call(operator, 'GET', '/partners/auth-partner-b')).body;
    for (const [schedule, fields] of [
      [{ weekly: [{ day: 8, from: '25:00', to: '10:00' }] }, ['weekly.0.day', 'weekly.0.from']],
      [{ weekly: [{ day: 1, from: '09:00', to: '10:00', categories: ['repairs'] }] }, ['weekly.0.categories.0']],
      [{ exceptions: [{ date: '1 October', available: false }] }, ['exceptions.0.date']],
      [{ always: true }, ['always']],
    ] as const) {
      const reply = await call<{ errors: Array<{ field: string }> }>(partnerB, 'PUT', '/partners/me/schedule', schedule);
      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((error) => error.field).sort()).toEqual([...fields].sort());
    }
    expect((await call(operator, 'GET', '/partners/auth-partner-b')).body).toMatchObject({
      version: before.version,
      schedule: before.schedule,
    });
  });
});
