/**
 * Partner identity on the local runtime (DynamoDB Local, the real gateway and authorizer): an
 * operator gives a partner its login, the partner signs in with a code from the outbox, and every
 * partner route acts for the partner the identity is linked to, never for a username or subject
 * taken as a partner id. Then the partner's own lists (orders, points) with the authorization matrix.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localIssuer } from '#infra/local/tokens.ts';
import { hehuaEscort } from '../../support/escort-need.ts';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';

let system: LocalSystem;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let operator: string;

// The Hehua volunteers are always on duty and get hospital escorts in Hehua first (see the cascade tests).
const partnerA = 'demo-hehua-volunteers';

beforeAll(async () => {
  system = await startLocalSystem();
  operator = await system.issueToken('operator', 'op-1');
});

afterAll(async () => {
  await system?.stop();
});

async function signIn(phone: string): Promise<string> {
  const before = system.outbox.list().length;
  const sent = await request(system.baseUrl, 'POST', '/_local/sign-in/code', { body: { phone } });
  expect(sent.status).toBe(202);
  const message = system.outbox.list().slice(before).find((entry) => entry.to === phone && entry.purpose === 'signInCode');
  const code = /(\d{6})/.exec(message?.text ?? '')?.[1];
  if (!code) throw new Error(`no sign-in code for ${phone} in the outbox`);
  const token = await request<{ accessToken: string }>(system.baseUrl, 'POST', '/_local/sign-in/token', { body: { phone, code } });
  expect(token.status).toBe(200);
  return token.body.accessToken;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('a partner login given by an operator', () => {
  let partnerId: string;

  beforeAll(async () => {
    const created = await request<{ id: string }>(system.baseUrl, 'POST', '/partners', {
      headers: bearer(operator),
      body: {
        kind: 'business',
        name: { zh: '身份测试小店', en: 'Identity test shop' },
        capabilities: [{ category: 'repairs', skillLevel: 3 }],
        serviceArea: { communities: ['hehua'] },
        capacity: 2,
        priceMode: 'market',
        schedule: { alwaysAvailable: true },
        contact: { name: '店主', phone: '13912340001' },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    partnerId = created.body.id;
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const badPhone = await request<{ errors: Array<{ field: string }> }>(system.baseUrl, 'POST', `/partners/${partnerId}/login`, {
      headers: bearer(operator),
      body: { phone: '12345' },
    });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.errors.map((error) => error.field)).toEqual(['phone']);
    const subjectWithCognito = await request<{ errors: Array<{ field: string }> }>(system.baseUrl, 'POST', `/partners/${partnerId}/login`, {
      headers: bearer(operator),
      body: { phone: '13912340001', subject: 'chosen-by-hand' },
    });
    expect(subjectWithCognito.status).toBe(400);
    expect(subjectWithCognito.body.errors.map((error) => error.field)).toEqual(['subject']);
    // Imported once the system has set TABLE_NAME (the repository reads it when it loads).
    const { getPartnerLogin } = await import('#lib/data/identity-repository.ts');
    expect(await getPartnerLogin(partnerId)).toBeUndefined();
    expect((await request(system.baseUrl, 'POST', '/partners/no-such-partner/login', { headers: bearer(operator), body: { phone: '13912340009' } })).status).toBe(404);
  });

  it('is for operators only', async () => {
    const partnerToken = await system.issueToken('partner', partnerA);
    expect((await request(system.baseUrl, 'POST', `/partners/${partnerId}/login`, { body: { phone: '13912340001' } })).status).toBe(401);
    expect((await request(system.baseUrl, 'POST', `/partners/${partnerId}/login`, { headers: bearer(partnerToken), body: { phone: '13912340001' } })).status).toBe(403);
  });

  it('creates a login with a UUID subject, links it, and the partner signs in with a code from the outbox', async () => {
    const given = await request<{ issuer: string; subject: string; phone: string }>(system.baseUrl, 'POST', `/partners/${partnerId}/login`, {
      headers: bearer(operator),
      body: { phone: '+86 139-1234-0001' },
    });
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({ issuer: localIssuer, phone: '13912340001' });
    expect(given.body.subject).toMatch(/^[0-9a-f-]{36}$/);
    const again = await request<{ subject: string }>(system.baseUrl, 'POST', `/partners/${partnerId}/login`, { headers: bearer(operator), body: { phone: '13912340001' } });
    expect(again.status).toBe(200);
    expect(again.body.subject).toBe(given.body.subject);

    const token = await signIn('13912340001');
    const claims = claimsOf(token);
    expect(claims).toMatchObject({ sub: given.body.subject, username: given.body.subject, token_use: 'access', 'cognito:groups': ['partners'] });
    const me = await request<{ id: string }>(system.baseUrl, 'GET', '/partners/me', { headers: bearer(token) });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(partnerId);
  });

  it('sends no code to a number without a login, answering the same', async () => {
    const before = system.outbox.list().length;
    const sent = await request(system.baseUrl, 'POST', '/_local/sign-in/code', { body: { phone: '13912349999' } });
    expect(sent.status).toBe(202);
    expect(system.outbox.list().length).toBe(before);
    const exchanged = await request<{ errors: Array<{ field: string }> }>(system.baseUrl, 'POST', '/_local/sign-in/token', { body: { phone: '13912349999', code: '123456' } });
    expect(exchanged.status).toBe(400);
    expect(exchanged.body.errors[0]?.field).toBe('code');
  });

  it('refuses a wrong code, and a used one', async () => {
    await request(system.baseUrl, 'POST', '/_local/sign-in/code', { body: { phone: '13912340001' } });
    const message = system.outbox.list().findLast((entry) => entry.to === '13912340001');
    const code = /(\d{6})/.exec(message?.text ?? '')?.[1] ?? '';
    const wrong = code === '000000' ? '000001' : '000000';
    expect((await request(system.baseUrl, 'POST', '/_local/sign-in/token', { body: { phone: '13912340001', code: wrong } })).status).toBe(400);
    expect((await request(system.baseUrl, 'POST', '/_local/sign-in/token', { body: { phone: '13912340001', code } })).status).toBe(200);
    expect((await request(system.baseUrl, 'POST', '/_local/sign-in/token', { body: { phone: '13912340001', code } })).status).toBe(400);
  });

  it('replaces the old login when given another number: the old identity acts for nobody', async () => {
    const oldToken = await signIn('13912340001');
    const moved = await request(system.baseUrl, 'POST', `/partners/${partnerId}/login`, { headers: bearer(operator), body: { phone: '13912340002' } });
    expect(moved.status).toBe(201);
    // A fresh container would see it at once; this one's cache holds links for five minutes at most.
    const { forgetCallerPartners } = await import('#lib/http/caller-partner.ts');
    forgetCallerPartners();
    expect((await request(system.baseUrl, 'GET', '/partners/me', { headers: bearer(oldToken) })).status).toBe(403);
    const newToken = await signIn('13912340002');
    expect((await request<{ id: string }>(system.baseUrl, 'GET', '/partners/me', { headers: bearer(newToken) })).body.id).toBe(partnerId);
  });

  it("refuses to link an identity that is already another partner's", async () => {
    const taken = await request(system.baseUrl, 'POST', `/partners/${partnerId}/login`, {
      headers: bearer(operator),
      body: { phone: '13800000005' }, // the Hehua volunteers' login
    });
    expect(taken.status).toBe(409);
  });
});

describe('an identity without a link', () => {
  it('gets 403 on every partner route, whatever its username says', async () => {
    const unknown = await system.signToken({ role: 'partner', id: randomUUID() });
    const posingAsA = await system.signToken({ role: 'partner', id: randomUUID(), claims: { username: partnerA } });
    for (const token of [unknown, posingAsA]) {
      for (const path of ['/partners/me', '/partners/me/offers', '/partners/me/orders', '/partners/me/points', '/partners/me/inbox']) {
        const reply = await request<{ detail: string }>(system.baseUrl, 'GET', path, { headers: bearer(token) });
        expect({ path, status: reply.status }).toEqual({ path, status: 403 });
      }
    }
  });

  it('a token whose subject is a partner id is not that partner', async () => {
    const subjectIsId = await system.signToken({ role: 'partner', id: partnerA });
    expect((await request(system.baseUrl, 'GET', '/partners/me', { headers: bearer(subjectIsId) })).status).toBe(403);
  });
});

describe("a partner's own lists", () => {
  const need = hehuaEscort();
  let tokenA: string;
  let tokenB: string;
  let needId: string;
  let trackingToken: string;

  beforeAll(async () => {
    tokenA = await signIn('13800000005');
    tokenB = await signIn('13800000002');
    const created = await request<{ id: string; trackingToken: string }>(system.baseUrl, 'POST', '/needs', { body: need });
    needId = created.body.id;
    trackingToken = created.body.trackingToken;
    await system.poller.drain();
    const offers = await request<{ offers: Array<{ id: string; orderId: string }> }>(system.baseUrl, 'GET', '/partners/me/offers', { headers: bearer(tokenA) });
    const offer = offers.body.offers.find((entry) => entry.orderId === needId);
    if (!offer) throw new Error(`no offer to ${partnerA}`);
    expect((await request(system.baseUrl, 'POST', `/offers/${offer.id}/accept`, { headers: bearer(tokenA) })).status).toBe(200);
  });

  it('answers each caller as it should', async () => {
    const callers = { none: {}, resident: { 'x-tracking-token': trackingToken }, partnerA: bearer(tokenA), partnerB: bearer(tokenB), operator: bearer(operator) };
    const expected = { none: 401, resident: 401, partnerA: 200, partnerB: 200, operator: 403 };
    for (const path of ['/partners/me/orders', '/partners/me/points']) {
      for (const [caller, headers] of Object.entries(callers)) {
        const reply = await request(system.baseUrl, 'GET', path, { headers });
        expect({ path, caller, status: reply.status }).toEqual({ path, caller, status: expected[caller as keyof typeof expected] });
      }
    }
  });

  it("lists the accepted order with the resident's contact for A only, then started and completed with the note", async () => {
    type Orders = { orders: Array<{ id: string; status: string; contact: { phone: string }; address: string; timeline: Array<{ status: string; reason?: string }> }> };
    const mine = await request<Orders>(system.baseUrl, 'GET', '/partners/me/orders', { headers: bearer(tokenA) });
    const order = mine.body.orders.find((entry) => entry.id === needId);
    expect(order).toMatchObject({ status: 'accepted', contact: { phone: need.contact.phone }, address: need.address });
    const theirs = await request<Orders>(system.baseUrl, 'GET', '/partners/me/orders', { headers: bearer(tokenB) });
    expect(theirs.body.orders.some((entry) => entry.id === needId)).toBe(false);

    expect((await request(system.baseUrl, 'POST', `/orders/${needId}/start`, { headers: bearer(tokenA) })).status).toBe(200);
    const tooLong = await request<{ errors: Array<{ field: string }> }>(system.baseUrl, 'POST', `/orders/${needId}/complete`, {
      headers: bearer(tokenA),
      body: { note: 'x'.repeat(501) },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors.map((error) => error.field)).toEqual(['note']);
    const stillStarted = await request<Orders>(system.baseUrl, 'GET', '/partners/me/orders', { headers: bearer(tokenA) });
    expect(stillStarted.body.orders.find((entry) => entry.id === needId)?.status).toBe('started');
    const completed = await request(system.baseUrl, 'POST', `/orders/${needId}/complete`, { headers: bearer(tokenA), body: { note: '已陪同复查，送回家中' } });
    expect(completed.status).toBe(200);
    const after = await request<Orders>(system.baseUrl, 'GET', '/partners/me/orders', { headers: bearer(tokenA) });
    const done = after.body.orders.find((entry) => entry.id === needId);
    expect(done?.status).toBe('completed');
    expect(done?.timeline.at(-1)).toMatchObject({ status: 'completed', reason: '已陪同复查，送回家中' });
  });

  it('pages with a cursor bound to its partner, and refuses bad paging input', async () => {
    const badLimit = await request<{ errors: Array<{ field: string }> }>(system.baseUrl, 'GET', '/partners/me/orders?limit=500', { headers: bearer(tokenA) });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors.map((error) => error.field)).toEqual(['limit']);
    const first = await request<{ orders: unknown[]; cursor?: string }>(system.baseUrl, 'GET', '/partners/me/orders?limit=1', { headers: bearer(tokenA) });
    expect(first.status).toBe(200);
    if (!first.body.cursor) throw new Error('one offer per page should leave a cursor while more offers exist');
    const stolen = await request<{ errors: Array<{ field: string }> }>(system.baseUrl, 'GET', `/partners/me/orders?cursor=${first.body.cursor}`, { headers: bearer(tokenB) });
    expect(stolen.status).toBe(400);
    expect(stolen.body.errors.map((error) => error.field)).toEqual(['cursor']);
  });

  it('shows the points the rating earned in the ledger', async () => {
    const rated = await request(system.baseUrl, 'POST', `/needs/${needId}/rating`, { headers: { 'x-tracking-token': trackingToken }, body: { stars: 5 } });
    expect(rated.status).toBe(201);
    await system.poller.drain();
    const ledger = await request<{ entries: Array<{ needId: string; points: number; reasons: string[] }> }>(system.baseUrl, 'GET', '/partners/me/points', { headers: bearer(tokenA) });
    // Volunteers serve free; an over-80 resident; five stars: 10 + 5 + 5 + 2.
    expect(ledger.body.entries.find((entry) => entry.needId === needId)).toMatchObject({ points: 22 });
    const theirs = await request<{ entries: Array<{ needId: string }> }>(system.baseUrl, 'GET', '/partners/me/points', { headers: bearer(tokenB) });
    expect(theirs.body.entries.some((entry) => entry.needId === needId)).toBe(false);
  });
});

describe('an offer notification by SMS', () => {
  it('lands in the outbox with the link to the offer in the partner app and the deadline', async () => {
    const patched = await request(system.baseUrl, 'PATCH', `/partners/${partnerA}`, {
      headers: { ...bearer(operator), 'content-type': 'application/merge-patch+json' },
      body: { notificationChannels: [{ type: 'sms', phone: '13800000005' }] },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const created = await request<{ id: string }>(system.baseUrl, 'POST', '/needs', { body: { ...hehuaEscort(), description: '想请人陪同去医院拿药。' } });
    await system.poller.drain();
    const sms = system.outbox.list().find((message) => message.purpose === 'partnerOffer' && message.dedupeKey.includes(created.body.id));
    expect(sms?.to).toBe('13800000005');
    expect(sms?.text).toContain(`${system.baseUrl}/partner/#/offers/${created.body.id}.1`);
    expect(sms?.text).toMatch(/请在 (\d+月\d+日（周.）)?\d{2}:\d{2} 前接单/);
    // The resident's contact never goes into a partner's SMS before acceptance.
    expect(sms?.text).not.toContain('13800138000');
  });
});
