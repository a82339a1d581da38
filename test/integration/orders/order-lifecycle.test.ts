import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hospitalEscortNeed } from '../../support/demo-needs.ts';
import { eventually, request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';

let system: LocalSystem;
const tokens: Record<'partnerA' | 'partnerB' | 'operator', string> = { partnerA: '', partnerB: '', operator: '' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

// test/support/demo-needs.ts: the Hehua volunteers get this need first.
const partnerA = 'demo-hehua-volunteers';
const partnerB = 'demo-dongcheng-clinic';
const need = hospitalEscortNeed;

interface OfferView {
  id: string;
  orderId: string;
  description: string;
  why: { zh: string };
}

async function postNeedAndGetOffer(): Promise<{ needId: string; trackingToken: string; offer: OfferView }> {
  const created = await request<{ id: string; trackingToken: string }>(system.baseUrl, 'POST', '/needs', { body: need });
  expect(created.status).toBe(201);
  await system.poller.drain();
  const mine = await request<{ offers: OfferView[] }>(system.baseUrl, 'GET', '/partners/me/offers', { headers: bearer(tokens.partnerA) });
  const offer = mine.body.offers.find((entry) => entry.orderId === created.body.id);
  if (!offer) throw new Error(`no offer to ${partnerA} for ${created.body.id}: ${JSON.stringify(mine.body)}`);
  return { needId: created.body.id, trackingToken: created.body.trackingToken, offer };
}

beforeAll(async () => {
  system = await startLocalSystem();
  tokens.partnerA = await system.issueToken('partner', partnerA);
  tokens.partnerB = await system.issueToken('partner', partnerB);
  tokens.operator = await system.issueToken('operator', 'op-1');
});

afterAll(async () => {
  await system?.stop();
});

describe('an order from offer to completion', () => {
  it('shows the partner the work but not the contact, then the contact after accepting, through to completion', async () => {
    const { needId, trackingToken, offer } = await postNeedAndGetOffer();
    expect(offer.description).toBe(need.description);
    expect(offer.why.zh.length).toBeGreaterThan(0);
    expect(JSON.stringify(offer)).not.toContain(need.contact.phone);
    expect(JSON.stringify(offer)).not.toContain(need.address);
    const inbox = await request<{ messages: Array<{ notificationId: string; title: string }> }>(system.baseUrl, 'GET', '/partners/me/inbox', {
      headers: bearer(tokens.partnerA),
    });
    expect(inbox.status).toBe(200);
    expect(inbox.body.messages.some((message) => message.notificationId.includes(needId))).toBe(true);
    expect(JSON.stringify(inbox.body)).not.toContain(need.contact.phone);

    const accepted = await request<{ status: string; contact: { phone: string }; address: string }>(
      system.baseUrl,
      'POST',
      `/offers/${offer.id}/accept`,
      { headers: bearer(tokens.partnerA) },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.contact.phone).toBe(need.contact.phone);
    expect(accepted.body.address).toBe(need.address);

    const afterAccept = await request<{ availability: { zh: string } }>(system.baseUrl, 'GET', `/needs/${needId}`, { headers: { 'x-tracking-token': trackingToken } });
    // The volunteers are always on duty, so the resident reads that they can come from the window's start.
    expect(afterAccept.body.availability.zh).toMatch(/^已为您找到合伙人，最早.+可以提供服务。$/);

    const order = await request<{ contact: { phone: string } }>(system.baseUrl, 'GET', `/orders/${needId}`, { headers: bearer(tokens.partnerA) });
    expect(order.status).toBe(200);
    expect(order.body.contact.phone).toBe(need.contact.phone);

    expect((await request(system.baseUrl, 'POST', `/orders/${needId}/complete`, { headers: bearer(tokens.partnerA) })).status).toBe(409);
    expect((await request(system.baseUrl, 'POST', `/orders/${needId}/start`, { headers: bearer(tokens.partnerA) })).status).toBe(200);
    expect((await request(system.baseUrl, 'POST', `/orders/${needId}/start`, { headers: bearer(tokens.partnerA) })).status).toBe(409);
    expect((await request(system.baseUrl, 'POST', `/orders/${needId}/complete`, { headers: bearer(tokens.partnerA) })).status).toBe(200);

    const tracked = await request<{ status: string; partner: { name: { zh: string } }; timeline: Array<{ status: string }>; canRate: boolean }>(
      system.baseUrl,
      'GET',
      `/needs/${needId}`,
      { headers: { 'x-tracking-token': trackingToken } },
    );
    expect(tracked.body.timeline.map((step) => step.status)).toEqual(['submitted', 'offered', 'accepted', 'started', 'completed']);
    expect(tracked.body.partner.name.zh.length).toBeGreaterThan(0);
    expect(tracked.body.canRate).toBe(true);
  });

  it('lets exactly one of 20 concurrent accepts win; the other 19 get 409 with the current state', async () => {
    const { offer } = await postNeedAndGetOffer();
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        request<{ current?: { status: string } }>(system.baseUrl, 'POST', `/offers/${offer.id}/accept`, { headers: bearer(tokens.partnerA) }),
      ),
    );
    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    for (const reply of replies.filter((entry) => entry.status === 409)) expect(reply.body.current?.status).toBe('accepted');
  });

  it('refuses an accept after the deadline with 409, and the cascade has moved on', async () => {
    const { needId, offer } = await postNeedAndGetOffer();
    const { expireOffers } = await import('#functions/matching/expire-offers.ts');
    await expireOffers(new Date(Date.now() + 11 * 60_000));
    const late = await request<{ current: { status: string } }>(system.baseUrl, 'POST', `/offers/${offer.id}/accept`, { headers: bearer(tokens.partnerA) });
    expect(late.status).toBe(409);
    expect(late.body.current.status).toBe('expired');
    await system.poller.drain();
    const forOperator = await request<{ offers: Array<{ partnerId: string; status: string }> }>(system.baseUrl, 'GET', `/needs/${needId}/offers`, {
      headers: bearer(tokens.operator),
    });
    expect(forOperator.body.offers.map((entry) => [entry.partnerId, entry.status])).toEqual([
      [partnerA, 'expired'],
      [partnerB, 'open'],
    ]);
  });

  it('moves on to the next partner when the offer is declined', async () => {
    const { needId, offer } = await postNeedAndGetOffer();
    const missingReason = await request(system.baseUrl, 'POST', `/offers/${offer.id}/decline`, { body: {}, headers: bearer(tokens.partnerA) });
    expect(missingReason.status).toBe(400);
    const declined = await request(system.baseUrl, 'POST', `/offers/${offer.id}/decline`, { body: { reason: '那天上午没人' }, headers: bearer(tokens.partnerA) });
    expect(declined.status).toBe(200);
    const next = await eventually(async () => {
      const mine = await request<{ offers: OfferView[] }>(system.baseUrl, 'GET', '/partners/me/offers', { headers: bearer(tokens.partnerB) });
      return mine.body.offers.find((entry) => entry.orderId === needId);
    });
    expect(next.id).toBe(`${needId}.2`);
    const again = await request(system.baseUrl, 'POST', `/offers/${offer.id}/decline`, { body: { reason: '再点一次' }, headers: bearer(tokens.partnerA) });
    expect(again.status).toBe(409);
  });

  it('lets the resident cancel an accepted order, which frees the partner', async () => {
    const { needId, trackingToken, offer } = await postNeedAndGetOffer();
    expect((await request(system.baseUrl, 'POST', `/offers/${offer.id}/accept`, { headers: bearer(tokens.partnerA) })).status).toBe(200);
    const cancelled = await request<{ status: string }>(system.baseUrl, 'POST', `/needs/${needId}/cancel`, {
      body: { reason: '家人可以陪我去了' },
      headers: { 'x-tracking-token': trackingToken },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const forOperator = await request<{ offers: Array<{ status: string }> }>(system.baseUrl, 'GET', `/needs/${needId}/offers`, { headers: bearer(tokens.operator) });
    expect(forOperator.body.offers.at(-1)?.status).toBe('withdrawn');
    expect((await request(system.baseUrl, 'POST', `/orders/${needId}/start`, { headers: bearer(tokens.partnerA) })).status).toBe(409);
  });
});

describe('a partner giving back an accepted order', () => {
  it('frees the partner, counts the give-back, and offers the need to the next partner', async () => {
    const { needId, trackingToken, offer } = await postNeedAndGetOffer();
    expect((await request(system.baseUrl, 'POST', `/offers/${offer.id}/accept`, { headers: bearer(tokens.partnerA) })).status).toBe(200);
    expect((await request(system.baseUrl, 'POST', `/orders/${needId}/release`, { body: { reason: 'x' }, headers: bearer(tokens.partnerB) })).status).toBe(403);
    const { getPartnerStanding } = await import('#lib/data/partners-repository.ts');
    const standingOfA = async () => (await getPartnerStanding(partnerA, new Date())).standing;
    const before = await standingOfA();

    const released = await request<{ status: string }>(system.baseUrl, 'POST', `/orders/${needId}/release`, {
      body: { reason: '车坏了，去不了' },
      headers: bearer(tokens.partnerA),
    });
    expect(released.status).toBe(200);
    expect(released.body.status).toBe('released');
    const after = await standingOfA();
    expect(after?.openOrders).toBe((before?.openOrders ?? 0) - 1);
    expect(after?.reliability.cancelled).toBe((before?.reliability.cancelled ?? 0) + 1);

    const next = await eventually(async () => {
      const mine = await request<{ offers: OfferView[] }>(system.baseUrl, 'GET', '/partners/me/offers', { headers: bearer(tokens.partnerB) });
      return mine.body.offers.find((entry) => entry.orderId === needId);
    });
    expect(next.id).toBe(`${needId}.2`);
    const tracked = await request<{ status: string; partner?: unknown; timeline: Array<{ status: string }> }>(system.baseUrl, 'GET', `/needs/${needId}`, {
      headers: { 'x-tracking-token': trackingToken },
    });
    expect(tracked.body.status).toBe('offered');
    expect(tracked.body.partner).toBeUndefined();
    expect(tracked.body.timeline.map((step) => step.status)).toEqual(['submitted', 'offered', 'accepted', 'offered']);
    expect((await request(system.baseUrl, 'POST', `/orders/${needId}/release`, { body: { reason: '再来' }, headers: bearer(tokens.partnerA) })).status).toBe(403);
  });
});

describe('who may call what', () => {
  it('answers each caller of each partner and operator route as it should, with no cross-access', async () => {
    const { needId, offer } = await postNeedAndGetOffer();
    const callers = { none: {}, resident: bearer('not-a-jwt'), partnerA: bearer(tokens.partnerA), partnerB: bearer(tokens.partnerB), operator: bearer(tokens.operator) };
    const expectations: Array<[string, string, Record<keyof typeof callers, number>]> = [
      ['GET', '/partners/me/offers', { none: 401, resident: 401, partnerA: 200, partnerB: 200, operator: 403 }],
      ['GET', `/orders/${needId}`, { none: 401, resident: 401, partnerA: 403, partnerB: 403, operator: 403 }],
      ['POST', `/orders/${needId}/start`, { none: 401, resident: 401, partnerA: 403, partnerB: 403, operator: 403 }],
      ['POST', `/orders/${needId}/complete`, { none: 401, resident: 401, partnerA: 403, partnerB: 403, operator: 403 }],
      ['GET', '/partners/me/inbox', { none: 401, resident: 401, partnerA: 200, partnerB: 200, operator: 403 }],
      ['GET', `/partners/${partnerA}/deliveries`, { none: 401, resident: 401, partnerA: 403, partnerB: 403, operator: 200 }],
      ['GET', '/escalations', { none: 401, resident: 401, partnerA: 403, partnerB: 403, operator: 200 }],
      ['GET', `/needs/${needId}/offers`, { none: 401, resident: 401, partnerA: 403, partnerB: 403, operator: 200 }],
      ['POST', `/orders/${needId}/release`, { none: 401, resident: 401, partnerA: 403, partnerB: 403, operator: 403 }],
      ['POST', `/offers/${offer.id}/decline`, { none: 401, resident: 401, partnerA: 400, partnerB: 403, operator: 403 }],
      ['POST', `/offers/${offer.id}/accept`, { none: 401, resident: 401, partnerA: 200, partnerB: 403, operator: 403 }],
    ];
    for (const [method, path, expected] of expectations) {
      for (const [caller, headers] of Object.entries(callers)) {
        // The decline is sent to the offered partner without a body (400); the release, before any acceptance, is nobody's (403).
        const withReason = path.endsWith('/release') || (path.endsWith('/decline') && caller !== 'partnerA');
        const reply = await request(system.baseUrl, method, path, { headers, ...(withReason ? { body: { reason: 'x' } } : {}) });
        expect({ method, path, caller, status: reply.status }).toEqual({ method, path, caller, status: expected[caller as keyof typeof callers] });
      }
    }
    // Partner B never sees partner A's offer, and after acceptance only A sees the order.
    const mineB = await request<{ offers: OfferView[] }>(system.baseUrl, 'GET', '/partners/me/offers', { headers: bearer(tokens.partnerB) });
    expect(mineB.body.offers.some((entry) => entry.orderId === needId)).toBe(false);
    expect((await request(system.baseUrl, 'GET', `/orders/${needId}`, { headers: bearer(tokens.partnerA) })).status).toBe(200);
    expect((await request(system.baseUrl, 'GET', `/orders/${needId}`, { headers: bearer(tokens.partnerB) })).status).toBe(403);
  });
});
