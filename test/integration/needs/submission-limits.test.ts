/**
 * The open form's limits through HTTP on DynamoDB Local: one phone cannot flood a community's
 * places, a repeat answers with the first need, a daily cap, one client at a high rate gets 429
 * with Retry-After, and racing submits never pass a limit together. Nothing refused is written.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../support/http-client.ts';
import { liftedSubmissionLimits, type LocalSystem, startLocalSystem } from '../../support/local-system.ts';

let system: LocalSystem;
let baseUrl: string;

beforeAll(async () => {
  system = await startLocalSystem({
    configureDistrict: (district) => ({
      ...district,
      // The limits under test, without the SMS code for new numbers (its own tests: phone-confirmation).
      submissions: {
        ...liftedSubmissionLimits,
        perPhone: { maxOpenNeeds: 3, maxNeedsPerDay: 5, refuseRepeatsWhileOpen: true },
        clientRequestsPerMinute: 60,
      },
    }),
  });
  baseUrl = system.baseUrl;
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

const categories = ['repairs', 'housekeeping', 'hospitalEscort', 'mealAssistance', 'legalAdvice', 'homeCare'] as const;
let phoneSerial = 0;
const newPhone = () => `1390000${String(1000 + phoneSerial++).padStart(4, '0')}`;

function need(phone: string, category: string = 'repairs', communityId = 'hehua') {
  return { category, description: '需要帮忙', communityId, contact: { name: '测试', phone } };
}

type Reply = { id?: string; trackingToken?: string; code?: string; detail?: string; current?: { code: string; existingNeedId: string } };
const post = (body: unknown, headers: Record<string, string> = {}) => request<Reply>(baseUrl, 'POST', '/needs', { body, headers });

async function needCount(): Promise<number> {
  const { documentClient } = await import('#lib/data/dynamo-client.ts');
  const reply = await documentClient.send(
    new ScanCommand({ TableName: system.tableName, FilterExpression: '#type = :need', ExpressionAttributeNames: { '#type': 'type' }, ExpressionAttributeValues: { ':need': 'need' } }),
  );
  return reply.Count ?? 0;
}

describe('limits per phone number', () => {
  it('lets one phone hold at most 3 open needs, so a flood cannot take the places of a real resident', async () => {
    const flooder = newPhone();
    const before = await needCount();
    const replies = [];
    for (let index = 0; index < 30; index++) replies.push(await post(need(flooder, categories[index % categories.length], index % 2 ? 'hehua' : 'liuyin')));
    expect(replies.filter((reply) => reply.status === 201)).toHaveLength(3);
    // Past the limit: 429, or 409 for a repeat of one of the three still open.
    const refused = replies.filter((reply) => reply.status === 429);
    expect(refused.length + replies.filter((reply) => reply.status === 409).length).toBe(27);
    expect(refused[0]?.body.code).toBe('phone_open_limit');
    expect(refused[0]?.body.detail).toContain('正在处理');
    expect(refused[0]?.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await needCount()).toBe(before + 3);

    const resident = await post({ ...need(newPhone(), 'repairs'), gridId: 'hehua-2' });
    expect(resident.status).toBe(201);
    await system.poller.drain();
    const tracked = await request<{ status: string }>(baseUrl, 'GET', `/needs/${resident.body.id}`, {
      headers: { 'x-tracking-token': resident.body.trackingToken ?? '' },
    });
    expect(['offered', 'accepted']).toContain(tracked.body.status);
  });

  it('answers a repeat of the same category and community with the open need, writing nothing', async () => {
    const phone = newPhone();
    const first = await post(need(phone, 'repairs', 'taoyuan'));
    const before = await needCount();
    const repeat = await post({ ...need(phone, 'repairs', 'taoyuan'), description: '还是那个水龙头' });
    expect(repeat.status).toBe(409);
    expect(repeat.body.current).toEqual({ code: 'duplicate_need', existingNeedId: first.body.id });
    expect(await needCount()).toBe(before);
    // Another community is another need.
    expect((await post(need(phone, 'repairs', 'hehua'))).status).toBe(201);
  });

  it('caps a phone at 5 needs a day even when each was cancelled, with Retry-After', async () => {
    const phone = newPhone();
    for (let index = 0; index < 5; index++) {
      const created = await post(need(phone, categories[index]));
      expect(created.status).toBe(201);
      const cancelled = await request(baseUrl, 'POST', `/needs/${created.body.id}/cancel`, {
        body: {},
        headers: { 'x-tracking-token': created.body.trackingToken ?? '' },
      });
      expect(cancelled.status).toBe(200);
    }
    const sixth = await post(need(phone, 'homeCare'));
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe('phone_daily_limit');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(86_000);
  });

  it('never lets racing submits for one phone pass the limit together', async () => {
    const phone = newPhone();
    const before = await needCount();
    const replies = await Promise.all(categories.map((category) => post(need(phone, category))));
    const created = replies.filter((reply) => reply.status === 201).length;
    expect(created).toBeGreaterThanOrEqual(1);
    expect(created).toBeLessThanOrEqual(3);
    // The others hit the limit, or were told to try again in a moment (phone_busy): never a 5xx.
    expect(replies.every((reply) => reply.status === 201 || reply.status === 429)).toBe(true);
    expect(await needCount()).toBe(before + created);
  });

  it('still replays a retried submit after the phone reached its limit', async () => {
    const phone = newPhone();
    const headers = { 'idempotency-key': `limits-${Date.now()}-0123456789` };
    const first = await post(need(phone, 'repairs'), headers);
    await post(need(phone, 'housekeeping'));
    await post(need(phone, 'homeCare'));
    const retried = await post(need(phone, 'repairs'), headers);
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual(first.body);
  });
});

describe('limits per client', () => {
  it('answers a client over its rate with 429, Retry-After and a Chinese message, writing nothing', async () => {
    const exhaust = async () => {
      let reply = await post(need(newPhone()));
      for (let sent = 0; reply.status !== 429 && sent < 130; sent++) reply = await post(need(newPhone()));
      return reply;
    };
    let reply = await exhaust();
    // Counted per clock minute: with the minute about to turn, start over in the next one.
    if (Number(reply.headers.get('retry-after')) < 5) {
      await new Promise((resolve) => setTimeout(resolve, Number(reply.headers.get('retry-after')) * 1000 + 200));
      reply = await exhaust();
    }
    expect(reply.status).toBe(429);
    expect(reply.body.code).toBe('client_rate');
    expect(reply.body.detail).toMatch(/提交太频繁/);
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const before = await needCount();
    expect((await post(need(newPhone()))).status).toBe(429);
    expect(await needCount()).toBe(before);
  });
});
