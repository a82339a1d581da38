import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextShanghaiWeekday, shanghaiWindow } from '../../support/district-time.ts';
import { eventually, request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';

// The guards of the order steps through HTTP, on the real table: each refused call leaves the need as it was.
let system: LocalSystem;
const tokens = { partnerA: '', partnerB: '' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

// As in order-lifecycle.test.ts: the Hehua volunteers get this need first, the Dongcheng clinic next.
const partnerA = 'demo-hehua-volunteers';
const need = {
  category: 'hospitalEscort',
  description: '周二上午去市一医院复查，需要有人陪同',
  communityId: 'hehua',
  gridId: 'hehua-1',
  preferredWindow: shanghaiWindow(nextShanghaiWeekday(2), '09:00', '11:00'),
  specialGroups: ['elderly80'],
  contact: { name: '赵奶奶', phone: '13700137000' },
};

interface OfferView {
  id: string;
  orderId: string;
  status: string;
}

async function offersOf(token: string): Promise<OfferView[]> {
  return (await request<{ offers: OfferView[] }>(system.baseUrl, 'GET', '/partners/me/offers', { headers: bearer(token) })).body.offers;
}

async function acceptedByA(): Promise<{ needId: string; trackingToken: string; offerId: string }> {
  const created = await request<{ id: string; trackingToken: string }>(system.baseUrl, 'POST', '/needs', { body: need });
  expect(created.status).toBe(201);
  await system.poller.drain();
  const offer = (await offersOf(tokens.partnerA)).find((entry) => entry.orderId === created.body.id);
  if (!offer) throw new Error(`no offer to ${partnerA} for ${created.body.id}`);
  expect((await request(system.baseUrl, 'POST', `/offers/${offer.id}/accept`, { headers: bearer(tokens.partnerA) })).status).toBe(200);
  return { needId: created.body.id, trackingToken: created.body.trackingToken, offerId: offer.id };
}

async function statusOf(needId: string, trackingToken: string): Promise<string> {
  return (await request<{ status: string }>(system.baseUrl, 'GET', `/needs/${needId}`, { headers: { 'x-tracking-token': trackingToken } }))
    .body.status;
}

beforeAll(async () => {
  system = await startLocalSystem();
  tokens.partnerA = await system.issueToken('partner', partnerA);
  tokens.partnerB = await system.issueToken('partner', 'demo-dongcheng-clinic');
});

afterAll(async () => {
  await system?.stop();
});

describe('an offer given back', () => {
  it('cannot be accepted or declined again by its old partner once the need is offered to the next', async () => {
    const { needId, trackingToken, offerId } = await acceptedByA();
    expect(
      (await request(system.baseUrl, 'POST', `/orders/${needId}/release`, { body: { reason: '车坏了' }, headers: bearer(tokens.partnerA) }))
        .status,
    ).toBe(200);
    const next = await eventually(async () => (await offersOf(tokens.partnerB)).find((entry) => entry.orderId === needId));

    const again = await request<{ status: number }>(system.baseUrl, 'POST', `/offers/${offerId}/accept`, {
      headers: bearer(tokens.partnerA),
    });
    const declined = await request(system.baseUrl, 'POST', `/offers/${offerId}/decline`, {
      body: { reason: 'x' },
      headers: bearer(tokens.partnerA),
    });

    expect(again.status).toBe(409);
    expect(declined.status).toBe(409);
    expect(await statusOf(needId, trackingToken)).toBe('offered');
    expect((await offersOf(tokens.partnerB)).find((entry) => entry.id === next.id)?.status).toBe('open');
    expect((await request(system.baseUrl, 'POST', `/offers/${next.id}/accept`, { headers: bearer(tokens.partnerB) })).status).toBe(200);
  });
});

describe("another partner's order", () => {
  it('cannot be started, completed or given back by a partner it is not assigned to', async () => {
    const { needId, trackingToken } = await acceptedByA();

    expect(
      (await request(system.baseUrl, 'POST', `/orders/${needId}/release`, { body: { reason: 'x' }, headers: bearer(tokens.partnerB) }))
        .status,
    ).toBe(403);
    expect((await request(system.baseUrl, 'POST', `/orders/${needId}/start`, { headers: bearer(tokens.partnerB) })).status).toBe(403);
    expect((await request(system.baseUrl, 'POST', `/orders/${needId}/start`, { headers: bearer(tokens.partnerA) })).status).toBe(200);
    expect((await request(system.baseUrl, 'POST', `/orders/${needId}/complete`, { headers: bearer(tokens.partnerB) })).status).toBe(403);
    expect((await request(system.baseUrl, 'GET', `/orders/${needId}`, { headers: bearer(tokens.partnerB) })).status).toBe(403);
    expect(await statusOf(needId, trackingToken)).toBe('started');

    expect((await request(system.baseUrl, 'POST', `/orders/${needId}/complete`, { headers: bearer(tokens.partnerA) })).status).toBe(200);
    expect(await statusOf(needId, trackingToken)).toBe('completed');
  });
});
