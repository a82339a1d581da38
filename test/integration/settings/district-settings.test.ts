import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';

let system: LocalSystem;
let operator = '';
const cacheSeconds = 1;

beforeAll(async () => {
  // A short cache, so the test waits for the real expiry rather than faking it.
  process.env.SETTINGS_CACHE_SECONDS = String(cacheSeconds);
  system = await startLocalSystem();
  operator = await system.issueToken('operator', 'op-1');
}, 60_000);

afterAll(async () => {
  delete process.env.SETTINGS_CACHE_SECONDS;
  await system?.stop();
});

interface SettingsReply {
  settings: { matching: { weights: Record<string, number> }; points: Record<string, number> };
  version: number;
  source?: string;
  history?: Array<{ version: number; by: string; reason: string; changed: Array<{ path: string; from: unknown; to: unknown }> }>;
}

const auth = () => ({ authorization: `Bearer ${operator}` });
const read = () => request<SettingsReply>(system.baseUrl, 'GET', '/district/settings', { headers: auth() });
const change = (body: unknown) => request<SettingsReply & { errors?: Array<{ field: string }> }>(system.baseUrl, 'PUT', '/district/settings', { headers: auth(), body });

async function proximityWeightOfOffer(): Promise<number> {
  const posted = await request<{ id: string }>(system.baseUrl, 'POST', '/needs', {
    body: { category: 'legalAdvice', description: '咨询租房合同', communityId: 'taoyuan', contact: { name: '李', phone: '13800138000' } },
  });
  expect(posted.status).toBe(201);
  await system.poller.drain();
  const need = await eventually(async () => {
    const reply = await request<{ offers: Array<{ explanation: { terms: Array<{ name: string; weight: number }> } }> }>(
      system.baseUrl,
      'GET',
      `/needs/${posted.body.id}/offers`,
      { headers: auth() },
    );
    return reply.body.offers?.length ? reply.body : undefined;
  }, 5000);
  const term = need.offers[0]?.explanation.terms.find((entry) => entry.name === 'proximity');
  // A term of weight 0 is left out of the explanation.
  return term?.weight ?? 0;
}

describe('district settings', () => {
  it('starts as the district file says, at version 0', async () => {
    const reply = await read();
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ version: 0, source: 'districtFile', settings: { matching: { weights: { proximity: 0.25 } } } });
    expect(reply.headers.get('etag')).toBe('"0"');
  });

  it('refuses bad settings naming the field, and writes nothing', async () => {
    const current = (await read()).body;
    const bad = await change({
      settings: { ...current.settings, matching: { ...current.settings.matching, weights: { ...current.settings.matching.weights, skill: -1 } } },
      version: 0,
      reason: 'test',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((error) => error.field)).toEqual(['settings.matching.weights.skill']);
    const noReason = await change({ settings: current.settings, version: 0 });
    expect(noReason.body.errors?.map((error) => error.field)).toEqual(['reason']);
    expect((await read()).body.version).toBe(0);
  });

  it('takes a changed weight into the next ranking within the cache time, and keeps who, what and why', async () => {
    expect(await proximityWeightOfOffer()).toBeGreaterThan(0);
    const current = (await read()).body;
    const weights = { ...current.settings.matching.weights, proximity: 0 };
    const changed = await change({ settings: { ...current.settings, matching: { ...current.settings.matching, weights } }, version: 0, reason: '试行：不看距离' });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, cacheSeconds * 1000 + 200));
    expect(await proximityWeightOfOffer()).toBe(0);

    const after = (await read()).body;
    expect(after.history?.[0]).toMatchObject({
      version: 1,
      by: 'op-1',
      reason: '试行：不看距离',
      changed: [{ path: 'matching.weights.proximity', from: 0.25, to: 0 }],
    });
  }, 30_000);

  it('lets exactly one of two concurrent changes based on the same version land', async () => {
    const current = (await read()).body;
    const points = (perCompletedOrder: number) => ({
      settings: { ...current.settings, points: { ...current.settings.points, perCompletedOrder } },
      version: current.version,
      reason: `points ${perCompletedOrder}`,
    });
    const replies = await Promise.all([change(points(11)), change(points(12))]);
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409]);
    expect((await read()).body.version).toBe(current.version + 1);
  });

  it('stops offering a disabled category to new needs, while a need already in flight goes on', async () => {
    const inFlight = await request<{ id: string }>(system.baseUrl, 'POST', '/needs', {
      body: { category: 'legalAdvice', description: '咨询遗嘱', communityId: 'taoyuan', contact: { name: '周', phone: '13800138001' } },
    });
    await system.poller.drain();
    const current = (await read()).body as SettingsReply & { settings: { enabledCategories?: string[] } };
    const catalog = await request<{ categories: Array<{ code: string }> }>(system.baseUrl, 'GET', '/catalog');
    const enabled = catalog.body.categories.map((category) => category.code).filter((code) => code !== 'legalAdvice');
    const changed = await change({ settings: { ...current.settings, enabledCategories: enabled }, version: current.version, reason: '律所暂停合作' });
    expect(changed.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, cacheSeconds * 1000 + 200));

    const after = await request<{ categories: Array<{ code: string }> }>(system.baseUrl, 'GET', '/catalog');
    expect(after.body.categories.map((category) => category.code)).not.toContain('legalAdvice');
    const refused = await request<{ errors: Array<{ field: string }> }>(system.baseUrl, 'POST', '/needs', {
      body: { category: 'legalAdvice', description: '咨询遗嘱', communityId: 'taoyuan', contact: { name: '周', phone: '13800138001' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error) => error.field)).toEqual(['category']);

    const partner = await system.issueToken('partner', 'demo-minsheng-law');
    const offers = await request<{ offers: Array<{ id: string; orderId: string }> }>(system.baseUrl, 'GET', '/partners/me/offers', { headers: { authorization: `Bearer ${partner}` } });
    const offer = offers.body.offers.find((entry) => entry.orderId === inFlight.body.id);
    expect((await request(system.baseUrl, 'POST', `/offers/${offer?.id}/accept`, { headers: { authorization: `Bearer ${partner}` } })).status).toBe(200);
  }, 30_000);
});
