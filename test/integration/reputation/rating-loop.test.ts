import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextShanghaiWeekday, shanghaiWindow } from '../../support/district-time.ts';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';

let system: LocalSystem;
let partnerToken = '';
let operatorToken = '';
const partnerId = 'demo-hehua-volunteers';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const need = {
  category: 'hospitalEscort',
  description: '周二上午去医院复查',
  communityId: 'hehua',
  preferredWindow: shanghaiWindow(nextShanghaiWeekday(2), '09:00', '11:00'),
  specialGroups: ['elderly80'],
  contact: { name: '赵奶奶', phone: '13700137000' },
};

/** Posts a need and takes it through the partner API to `until`. */
async function orderUpTo(until: 'offered' | 'completed'): Promise<{ id: string; trackingToken: string }> {
  const created = await request<{ id: string; trackingToken: string }>(system.baseUrl, 'POST', '/needs', { body: need });
  await system.poller.drain();
  if (until === 'completed') {
    const { id } = created.body;
    for (const path of [`/offers/${id}.1/accept`, `/orders/${id}/start`, `/orders/${id}/complete`]) {
      const reply = await request(system.baseUrl, 'POST', path, { headers: bearer(partnerToken) });
      expect(reply.status, path).toBe(200);
    }
  }
  return created.body;
}

const rate = (id: string, token: string, body: unknown) => request<{ status: number; current?: Record<string, unknown> }>(system.baseUrl, 'POST', `/needs/${id}/rating`, { body, headers: { 'x-tracking-token': token } });

async function standing() {
  const { getPartnerStanding } = await import('#lib/data/partners-repository.ts');
  const { partnerGrade } = await import('#lib/reputation/partner-grade.ts');
  const { currentDistrict } = await import('#lib/district/current-district.ts');
  const { standing: current } = await getPartnerStanding(partnerId, new Date());
  return { standing: current, grade: partnerGrade(current, currentDistrict().matching) };
}

async function ledger() {
  const { documentClient } = await import('#lib/data/dynamo-client.ts');
  const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
  const reply = await documentClient.send(
    new QueryCommand({
      TableName: system.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :points)',
      ExpressionAttributeValues: { ':pk': `PARTNER#${partnerId}`, ':points': 'POINTS#' },
    }),
  );
  return reply.Items ?? [];
}

beforeAll(async () => {
  system = await startLocalSystem();
  partnerToken = await system.issueToken('partner', partnerId);
  operatorToken = await system.issueToken('operator', 'op-1');
});

afterAll(async () => {
  await system?.stop();
});

describe('rating rules', () => {
  it('refuses a rating before completion (409), a wrong token (404), bad stars (400) and a second rating (409)', async () => {
    const offered = await orderUpTo('offered');
    expect((await rate(offered.id, offered.trackingToken, { stars: 5 })).status).toBe(409);

    const done = await orderUpTo('completed');
    expect((await rate(done.id, 'wrong-token', { stars: 5 })).status).toBe(404);
    for (const stars of [0, 6, 4.5, '5']) {
      const reply = await request<{ errors: Array<{ field: string }> }>(system.baseUrl, 'POST', `/needs/${done.id}/rating`, {
        body: { stars },
        headers: { 'x-tracking-token': done.trackingToken },
      });
      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((error) => error.field)).toEqual(['stars']);
    }
    const tooLong = await rate(done.id, done.trackingToken, { stars: 4, comment: '好'.repeat(501) });
    expect(tooLong.status).toBe(400);

    const first = await rate(done.id, done.trackingToken, { stars: 5, tags: ['onTime', 'friendly'], comment: '很耐心' });
    expect(first.status).toBe(201);
    const second = await rate(done.id, done.trackingToken, { stars: 1 });
    expect(second.status).toBe(409);
    const view = await request<{ rating: { stars: number }; canRate: boolean }>(system.baseUrl, 'GET', `/needs/${done.id}`, {
      headers: { 'x-tracking-token': done.trackingToken },
    });
    expect(view.body.rating.stars).toBe(5);
    expect(view.body.canRate).toBe(false);
  });
});

describe('closing the loop', () => {
  it('turns ratings into reputation, grade, one ledger entry per order and a follow-up for low ratings', async () => {
    await system.poller.drain();
    const before = await standing();
    const entriesBefore = (await ledger()).length;

    const good = await orderUpTo('completed');
    expect((await rate(good.id, good.trackingToken, { stars: 5 })).status).toBe(201);
    const bad = await orderUpTo('completed');
    expect((await rate(bad.id, bad.trackingToken, { stars: 1, tags: ['late'], comment: '迟到一个小时' })).status).toBe(201);
    await system.poller.drain();

    const after = await standing();
    expect(after.standing.reputation.count).toBe(before.standing.reputation.count + 2);
    // The volunteers serve free, and the resident is over 80: 10 + 5 + 5 (+ 2 for five stars).
    const entries = await ledger();
    expect(entries).toHaveLength(entriesBefore + 2);
    expect(entries.find((entry) => entry.needId === good.id)?.points).toBe(22);
    expect(entries.find((entry) => entry.needId === bad.id)?.points).toBe(20);
    expect(after.grade.level).toBeGreaterThanOrEqual(1);
    expect(after.grade.reputation.ratings).toBe(after.standing.reputation.count);

    const followUps = await request<{ followUps: Array<{ needId: string; stars: number }> }>(system.baseUrl, 'GET', '/follow-ups', { headers: bearer(operatorToken) });
    expect(followUps.body.followUps.map((entry) => entry.needId)).toContain(bad.id);
    expect(followUps.body.followUps.map((entry) => entry.needId)).not.toContain(good.id);

    // A second delivery of the same rating record credits nothing more.
    const { applyNewRating } = await import('#functions/reputation/apply-rating.ts');
    const { marshall } = await import('@aws-sdk/util-dynamodb');
    const { getRating } = await import('#lib/data/ratings-repository.ts');
    const rating = await getRating(good.id);
    await applyNewRating({ eventName: 'INSERT', dynamodb: { NewImage: marshall({ pk: 'x', sk: 'RATING', type: 'rating', ...rating }, { removeUndefinedValues: true }) as never } });
    expect(await ledger()).toHaveLength(entriesBefore + 2);
    expect((await standing()).standing.reputation.count).toBe(after.standing.reputation.count);

    // An operator takes the bad rating out of the score; it stays on record.
    const excluded = await request(system.baseUrl, 'POST', `/needs/${bad.id}/rating/exclusion`, {
      body: { reason: '居民要求的服务超出陪诊范围' },
      headers: bearer(operatorToken),
    });
    expect(excluded.status).toBe(200);
    expect((await standing()).standing.reputation.count).toBe(after.standing.reputation.count - 1);
    expect((await standing()).standing.reputation.mean).toBeGreaterThan(after.standing.reputation.mean);
    const again = await request(system.baseUrl, 'POST', `/needs/${bad.id}/rating/exclusion`, { body: { reason: '再来一次' }, headers: bearer(operatorToken) });
    expect(again.status).toBe(409);
  });
});
