/**
 * Suspension revokes (#10): through HTTP on DynamoDB Local. Two physiotherapists of our own in
 * Taoyuan (no demo partner offers physiotherapy there): `physio-a` ranks first on ties (lower id),
 * `physio-b` is the next partner the cascade asks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';
import { needsWithoutNextStep } from '../../support/next-step.ts';

let system: LocalSystem;
let operator: string;
const tokens: Record<string, string> = {};

const physioA = 'physio-a';
const physioB = 'physio-b';

interface OfferView {
  id: string;
  orderId: string;
}
interface Problem {
  status: number;
  code?: string;
  current?: { partnerStatus?: string };
  detail?: string;
}
interface OperatorOffers {
  status: string;
  escalation?: { code: string };
  offers: Array<{ id: string; partnerId: string; status: string }>;
}

const bearer = (token: string | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

async function call<Body = Record<string, unknown>>(token: string | undefined, method: string, path: string, body?: unknown) {
  return request<Body>(system.baseUrl, method, path, { ...(body === undefined ? {} : { body }), headers: bearer(token) });
}

function physiotherapist(id: string, phone: string) {
  return {
    id,
    kind: 'business',
    name: { zh: id === physioA ? '桃园康复甲' : '桃园康复乙', en: id },
    capabilities: [{ category: 'physiotherapy', skillLevel: 4 }],
    serviceArea: { communities: ['taoyuan'] },
    capacity: 10,
    priceMode: 'lowCost',
    homeVisits: true,
    schedule: { alwaysAvailable: true },
    contact: { name: '孙医生', phone },
  };
}

let phoneCounter = 0;
function physioNeed() {
  phoneCounter += 1;
  return {
    category: 'physiotherapy',
    description: '腰疼，想请理疗师上门',
    communityId: 'taoyuan',
    address: '桃园新村7幢302',
    contact: { name: '周阿姨', phone: `1370013${String(7100 + phoneCounter).padStart(4, '0')}` },
  };
}

async function setStatus(id: string, status: string, reason = '投诉调查中') {
  const reply = await call<{ status: string; revoked?: { offers: string[]; reoffered: string[]; escalated: string[] } }>(
    operator,
    'POST',
    `/partners/${id}/status`,
    { status, reason },
  );
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  await system.poller.drain();
  return reply.body;
}

async function submit(): Promise<{ id: string; phone: string }> {
  const body = physioNeed();
  const reply = await request<{ id: string }>(system.baseUrl, 'POST', '/needs', { body });
  expect(reply.status).toBe(201);
  await system.poller.drain();
  return { id: reply.body.id, phone: body.contact.phone };
}

async function offersOf(needId: string): Promise<OperatorOffers> {
  const reply = await call<OperatorOffers>(operator, 'GET', `/needs/${needId}/offers`);
  expect(reply.status).toBe(200);
  return reply.body;
}

/** A need whose live offer is to `partnerId`: submitted while the other one is suspended. */
async function offeredTo(partnerId: string): Promise<{ id: string; phone: string; offerId: string }> {
  const other = partnerId === physioA ? physioB : physioA;
  await setStatus(other, 'suspended', '临时停用，测试派单');
  const need = await submit();
  await setStatus(other, 'active', '恢复');
  const offers = await offersOf(need.id);
  const live = offers.offers.find((offer) => offer.status === 'open');
  expect(live?.partnerId, JSON.stringify(offers)).toBe(partnerId);
  return { ...need, offerId: live?.id ?? '' };
}

async function acceptedBy(partnerId: string) {
  const need = await offeredTo(partnerId);
  const accepted = await call(tokens[partnerId], 'POST', `/offers/${need.offerId}/accept`);
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  await system.poller.drain();
  return need;
}

beforeAll(async () => {
  system = await startLocalSystem();
  operator = await system.issueToken('operator', 'op-1');
  for (const [id, phone] of [
    [physioA, '13900000041'],
    [physioB, '13900000042'],
  ] as const) {
    expect((await call(operator, 'POST', '/partners', physiotherapist(id, phone))).status).toBe(201);
    await setStatus(id, 'vetted', '材料齐全');
    await setStatus(id, 'active', '签订承诺书');
    expect((await call(operator, 'POST', `/partners/${id}/login`, { phone })).status).toBe(201);
    tokens[id] = await system.issueToken('partner', id);
  }
}, 60_000);

afterAll(async () => {
  await system?.stop();
});

describe('suspending a partner', () => {
  it('takes back its open offer and the cascade offers the need to the next partner; its accept answers 403 without contact', async () => {
    const need = await offeredTo(physioA);

    const suspended = await setStatus(physioA, 'suspended');
    expect(suspended.status).toBe('suspended');
    expect(suspended.revoked?.offers).toContain(need.offerId);

    const after = await offersOf(need.id);
    expect(after.status).toBe('offered');
    expect(after.offers.map((offer) => [offer.partnerId, offer.status])).toEqual([
      [physioA, 'revoked'],
      [physioB, 'open'],
    ]);

    const refused = await call<Problem>(tokens[physioA], 'POST', `/offers/${need.offerId}/accept`);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 403, code: 'partner_not_active', current: { partnerStatus: 'suspended' } });
    expect(refused.body.detail).toContain('suspended');
    expect(JSON.stringify(refused.body)).not.toContain(need.phone);

    const mine = await call<{ offers: OfferView[]; partnerStatus?: string }>(tokens[physioA], 'GET', '/partners/me/offers');
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({ offers: [], partnerStatus: 'suspended' });
    await setStatus(physioA, 'active', '整改完成');
  });

  it('gives an accepted order back to the cascade and texts the resident; the suspended partner sees no contact and cannot start it', async () => {
    const need = await acceptedBy(physioA);
    const before = system.outbox.list().length;

    const suspended = await setStatus(physioA, 'suspended');
    expect(suspended.revoked?.reoffered).toEqual([need.id]);

    const after = await offersOf(need.id);
    expect(after.status).toBe('offered');
    expect(after.offers.map((offer) => [offer.partnerId, offer.status])).toEqual([
      [physioA, 'revoked'],
      [physioB, 'open'],
    ]);
    const told = system.outbox.list().slice(before).filter((message) => message.to === need.phone);
    expect(told.map((message) => message.text).join('\n')).toContain('原定的服务方无法上门');

    const start = await call<Problem>(tokens[physioA], 'POST', `/orders/${need.id}/start`);
    expect(start.status).toBe(403);
    expect(start.body.code).toBe('partner_not_active');
    const order = await call(tokens[physioA], 'GET', `/orders/${need.id}`);
    expect(order.status).toBe(403);
    expect(JSON.stringify(order.body)).not.toContain(need.phone);
    const orders = await call<{ orders: Array<{ id: string }> }>(tokens[physioA], 'GET', '/partners/me/orders');
    expect(orders.body.orders.map((entry) => entry.id)).not.toContain(need.id);
    await setStatus(physioA, 'active', '整改完成');
  });

  it('passes an order in progress to operators (alerted), refuses completion with 403, and hides the contact of its past orders', async () => {
    const done = await acceptedBy(physioA);
    expect((await call(tokens[physioA], 'POST', `/orders/${done.id}/start`)).status).toBe(200);
    expect((await call(tokens[physioA], 'POST', `/orders/${done.id}/complete`)).status).toBe(200);
    const working = await acceptedBy(physioA);
    expect((await call(tokens[physioA], 'POST', `/orders/${working.id}/start`)).status).toBe(200);
    const shownBefore = await call<{ contact?: { phone: string } }>(tokens[physioA], 'GET', `/orders/${done.id}`);
    expect(shownBefore.body.contact?.phone).toBe(done.phone);

    const suspended = await setStatus(physioA, 'suspended');
    expect(suspended.revoked?.escalated).toEqual([working.id]);

    const escalated = await offersOf(working.id);
    expect(escalated).toMatchObject({ status: 'escalated', escalation: { code: 'partnerNotActive' } });
    const inbox = await call<{ alerts: Array<{ needId: string }> }>(operator, 'GET', '/operators/inbox');
    expect(inbox.body.alerts.map((alert) => alert.needId)).toContain(working.id);
    const complete = await call<Problem>(tokens[physioA], 'POST', `/orders/${working.id}/complete`);
    expect(complete.status).toBe(403);
    expect(complete.body.code).toBe('partner_not_active');

    const past = await call<Record<string, unknown>>(tokens[physioA], 'GET', `/orders/${done.id}`);
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ status: 'completed', contactShown: false, contactWithheld: 'partner_not_active' });
    expect(JSON.stringify(past.body)).not.toContain(done.phone);
    expect(JSON.stringify(past.body)).not.toContain('桃园新村7幢302');
    const listed = await call<{ orders: Array<Record<string, unknown>> }>(tokens[physioA], 'GET', '/partners/me/orders');
    expect(listed.body.orders.map((entry) => entry.id)).toContain(done.id);
    expect(JSON.stringify(listed.body)).not.toContain(done.phone);
    await setStatus(physioA, 'active', '整改完成');
  });

  it('leaves a need with a next step when nobody else fits: escalated with the reason', async () => {
    const need = await offeredTo(physioA);
    await setStatus(physioB, 'suspended', '暂停');
    await setStatus(physioA, 'suspended', '暂停');

    const after = await offersOf(need.id);
    expect(after.offers.map((offer) => offer.status)).toEqual(['revoked']);
    expect(after).toMatchObject({ status: 'escalated', escalation: { code: 'noCandidates' } });
    await setStatus(physioA, 'active', '恢复');
    await setStatus(physioB, 'active', '恢复');
  });

  it('takes back the work of a partner a roster import suspends, as the status route does', async () => {
    const need = await offeredTo(physioA);
    const imported = await call<{ summary: { updated: number } }>(operator, 'POST', '/partners/import', { csv: `id,status\n${physioA},suspended\n` });
    expect(imported.status).toBe(200);
    expect(imported.body.summary.updated).toBe(1);
    await system.poller.drain();

    const after = await offersOf(need.id);
    expect(after.offers.map((offer) => [offer.partnerId, offer.status])).toEqual([
      [physioA, 'revoked'],
      [physioB, 'open'],
    ]);
    await setStatus(physioA, 'active', '恢复');
  });

  it('lets a reinstated partner take and see orders again', async () => {
    const need = await offeredTo(physioA);
    const accepted = await call<{ status: string; contact?: { phone: string } }>(tokens[physioA], 'POST', `/offers/${need.offerId}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.contact?.phone).toBe(need.phone);
    expect((await call(tokens[physioA], 'POST', `/orders/${need.id}/start`)).status).toBe(200);
    expect((await call(tokens[physioA], 'POST', `/orders/${need.id}/complete`)).status).toBe(200);
  });

  it('refuses, inside the accept transaction, a partner whose suspension landed after the accept read it', async () => {
    const need = await offeredTo(physioA);
    const { changePartner } = await import('#lib/data/partners-repository.ts');
    const { needWithOffers, writeOrderChange } = await import('#lib/data/offers-repository.ts');
    const { acceptOffer } = await import('#lib/orders/order-steps.ts');
    const { moveAdmission } = await import('#lib/partners/admission.ts');
    // The accept has read an active partner and an open offer ...
    const { need: read, offers } = await needWithOffers(need.id);
    const offer = offers.find((entry) => entry.id === need.offerId);
    if (!read || !offer) throw new Error('the need and its offer must be there');
    const accepted = acceptOffer(offer, read, { id: physioA, name: { zh: '桃园康复甲' } }, new Date());
    // ... then the suspension's own write lands, before its revocation has run.
    await changePartner(physioA, (current) => moveAdmission(current, { to: 'suspended', by: 'op-1', reason: '竞态' }, new Date()));

    const outcome = await writeOrderChange({
      need: accepted.need,
      expectedNeedVersion: read.version,
      offer: { next: accepted.offer, expectedStatus: 'open', notExpiredAt: new Date() },
      counters: { partnerId: physioA, add: { accepted: 1 } },
      activePartnerId: physioA,
    });
    expect(outcome).toBe('partnerNotActive');
    const after = await needWithOffers(need.id);
    expect(after.need?.status).toBe('offered');
    expect(after.offers.find((entry) => entry.id === need.offerId)?.status).toBe('open');
    // Sending the suspension again finishes what was cut short.
    const again = await setStatus(physioA, 'suspended');
    expect(again.revoked?.offers).toEqual([need.offerId]);
    await setStatus(physioA, 'active', '恢复');
  });

  it('never leaves an accepted order with a suspended partner when the suspension races the accept', async () => {
    const outcomes: number[] = [];
    for (let round = 0; round < 6; round++) {
      const need = await offeredTo(physioA);
      const [accept, suspend] = await Promise.all([
        call<Problem>(tokens[physioA], 'POST', `/offers/${need.offerId}/accept`),
        call(operator, 'POST', `/partners/${physioA}/status`, { status: 'suspended', reason: `竞态 ${round}` }),
      ]);
      expect(suspend.status).toBe(200);
      expect([200, 403, 409]).toContain(accept.status);
      outcomes.push(accept.status);
      await system.poller.drain();

      const after = await offersOf(need.id);
      const first = after.offers[0];
      expect(first?.partnerId).toBe(physioA);
      // Whoever won, the suspended partner holds nothing: its offer (or the order it won) was taken back.
      expect(first?.status).toBe('revoked');
      expect(after.offers.filter((offer) => offer.partnerId === physioA && ['open', 'accepted'].includes(offer.status))).toEqual([]);
      expect(after.status).toBe('offered');
      expect(after.offers.at(-1)).toMatchObject({ partnerId: physioB, status: 'open' });
      await setStatus(physioA, 'active', '恢复');
    }
    // Which side won each round (200: the accept, then the suspension took the order back; 403/409: the suspension first).
    console.info(`accept answers while racing a suspension: ${outcomes.join(', ')}`);
    expect(await needsWithoutNextStep(system, operator)).toEqual([]);
  }, 60_000);
});
