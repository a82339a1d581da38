/**
 * Duty-aware offers and waiting for a free partner, on DynamoDB Local through HTTP, with the clock
 * the use cases read set by the test (lib/common/clock.ts): a need posted at night is answered in
 * the morning; a need whose partners are full waits and is offered when a place frees; a need that
 * waits too long goes to operators; and 200 needs at once never over-commit anyone.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';
import { needsWithoutNextStep } from '../../support/next-step.ts';
import { invokeHandler, type LambdaHandler } from '#infra/local/lambda-context.ts';

let system: LocalSystem;
let operatorToken = '';
let clock: typeof import('#lib/common/clock.ts');
let needs: typeof import('#lib/data/needs-repository.ts');
let offers: typeof import('#lib/data/offers-repository.ts');
let partners: typeof import('#lib/data/partners-repository.ts');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function setClock(local: string): Date {
  const at = new Date(`${local}+08:00`);
  clock.useClock(() => at);
  return at;
}

async function submit(body: object): Promise<{ id: string; trackingToken: string }> {
  const reply = await request<{ id: string; trackingToken: string }>(system.baseUrl, 'POST', '/needs', { body });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

async function stored(needId: string) {
  await system.poller.drain();
  const need = await needs.getNeed(needId);
  if (!need) throw new Error(`need ${needId} is gone`);
  return { need, offers: await offers.offersOfNeed(needId) };
}

async function addPartner(id: string, category: string, communityId: string, capacity: number) {
  const { partnerSchema } = await import('#lib/partners/partner.ts');
  await partners.putPartner(
    partnerSchema.parse({
      id,
      kind: 'individual',
      name: { zh: `测试${id}` },
      status: 'active',
      capabilities: [{ category, skillLevel: 4 }],
      serviceArea: { communities: [communityId] },
      capacity,
      priceMode: 'lowCost',
      homeVisits: true,
      schedule: { weekly: [], alwaysAvailable: true },
      contact: { name: '测试', phone: '13600136000' },
    }),
  );
}

const outboxFor = (phone: string) => system.outbox.list().filter((message) => message.to === phone);

beforeAll(async () => {
  system = await startLocalSystem();
  operatorToken = await system.issueToken('operator', 'op-1');
  clock = await import('#lib/common/clock.ts');
  needs = await import('#lib/data/needs-repository.ts');
  offers = await import('#lib/data/offers-repository.ts');
  partners = await import('#lib/data/partners-repository.ts');
});

afterEach(() => clock.useClock(undefined));

afterAll(async () => {
  await system?.stop();
});

describe('offers that respect duty hours', () => {
  it('keeps a meal need sent at 01:57 open for the canteen until 10:40, tells everyone when, and lets it accept at 10:35', async () => {
    setClock('2026-12-01T01:57:00');
    const phone = '13700000001';
    const { id, trackingToken } = await submit({ category: 'mealAssistance', description: '明天中午送一份午饭', communityId: 'taoyuan', contact: { name: '孙爷爷', phone } });
    const { need, offers: made } = await stored(id);
    expect(need.status).toBe('offered');
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ partnerId: 'demo-taoyuan-canteen', expiresAt: '2026-12-01T02:40:00.000Z', countsFrom: '2026-12-01T02:30:00.000Z' });

    // The resident reads when the canteen answers at the latest.
    setClock('2026-12-01T01:58:00');
    const page = await request<{ answerBy: { zh: string } }>(system.baseUrl, 'GET', `/needs/${id}`, { headers: { 'x-tracking-token': trackingToken } });
    expect(page.body.answerBy.zh).toBe('最晚今天10:40前答复');
    // The canteen is told at once, and from when its window counts.
    const canteen = await system.issueToken('partner', 'demo-taoyuan-canteen');
    const inbox = await request<{ messages: Array<{ text?: string; body?: string }> }>(system.baseUrl, 'GET', '/partners/me/inbox', { headers: bearer(canteen) });
    expect(JSON.stringify(inbox.body)).toContain('从 10:30 值班开始计时');

    // Nothing expires overnight, nor at 10:35.
    const { expireOffers } = await import('#functions/matching/expire-offers.ts');
    expect((await expireOffers(setClock('2026-12-01T10:35:00'))).expired).toBe(0);
    const accepted = await request(system.baseUrl, 'POST', `/offers/${id}.1/accept`, { headers: bearer(canteen) });
    expect(accepted.status).toBe(200);
    await system.poller.drain();
    const texts = outboxFor(phone).map((message) => message.text);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('桃园社区长者食堂已接下');
    expect(texts[0]).toContain(`/track.html#id=${id}&token=`);
  });

  it('expires an offer only after its duty-time deadline, and an off-duty expiry does not count against the partner', async () => {
    setClock('2026-12-01T02:05:00');
    const { id } = await submit({ category: 'mealAssistance', description: '午饭', communityId: 'taoyuan', contact: { name: '钱奶奶', phone: '13700000002' } });
    const { offers: made } = await stored(id);
    expect(made[0]?.expiresAt).toBe('2026-12-01T02:40:00.000Z');
    const { expireOffers } = await import('#functions/matching/expire-offers.ts');
    expect((await expireOffers(setClock('2026-12-01T10:39:59'))).expired).toBe(0);
    const before = (await partners.getPartnerStanding('demo-taoyuan-canteen', new Date())).standing.reliability.offered;
    const expired = await expireOffers(setClock('2026-12-01T10:40:30'));
    expect(expired).toMatchObject({ expired: 1, offDuty: 0 });
    const after = (await partners.getPartnerStanding('demo-taoyuan-canteen', new Date())).standing.reliability.offered;
    expect(after).toBe(before);
    // The canteen was the only meal partner in Taoyuan: the need goes to staff with the reason.
    expect((await stored(id)).need.status).toBe('escalated');

    // The roster changes after the offer (lunch now from 11:00): the expiry at 10:40 is off duty
    // and does not count against the canteen.
    setClock('2026-12-01T03:00:00');
    const second = await submit({ category: 'mealAssistance', description: '午饭', communityId: 'taoyuan', contact: { name: '钱奶奶', phone: '13700000002' } });
    expect((await stored(second.id)).offers[0]?.expiresAt).toBe('2026-12-01T02:40:00.000Z');
    const canteen = await partners.getPartner('demo-taoyuan-canteen');
    if (!canteen) throw new Error('no canteen');
    await partners.putPartner({ ...canteen, schedule: { ...canteen.schedule, weekly: canteen.schedule.weekly.map((slot) => (slot.from === '10:30' ? { ...slot, from: '11:00' } : slot)) } });
    const offeredBefore = (await partners.getPartnerStanding('demo-taoyuan-canteen', new Date())).standing.reliability.offered;
    expect(await expireOffers(setClock('2026-12-01T10:41:00'))).toMatchObject({ expired: 1, offDuty: 1 });
    expect((await partners.getPartnerStanding('demo-taoyuan-canteen', new Date())).standing.reliability.offered).toBe(offeredBefore - 1);
    expect((await offers.offersOfNeed(second.id))[0]?.expiredOffDuty).toBe(true);
    await partners.putPartner(canteen);
    await system.poller.drain();
  });
});

describe('waiting for a free partner', () => {
  it('capacity 1 with two needs: the second waits with its place, the first completes, the second is offered in one poll cycle', async () => {
    await addPartner('laundry-one', 'laundry', 'liuyin', 1);
    const token = await system.issueToken('partner', 'laundry-one');
    const body = { category: 'laundry', description: '冬被清洗', communityId: 'liuyin', contact: { name: '周奶奶', phone: '13700000003' } };
    const first = await submit(body);
    expect((await stored(first.id)).need.status).toBe('offered');
    const second = await submit({ ...body, contact: { name: '吴爷爷', phone: '13700000004' } });
    const waiting = await stored(second.id);
    expect(waiting.need.status).toBe('waiting');
    expect(waiting.offers).toEqual([]);
    const page = await request<{ status: string; waiting: { position: number } }>(system.baseUrl, 'GET', `/needs/${second.id}`, { headers: { 'x-tracking-token': second.trackingToken } });
    expect(page.body).toMatchObject({ status: 'waiting', waiting: { position: 1 } });
    expect(outboxFor('13700000004').map((message) => message.text).join()).toContain('排队');

    for (const step of [`/offers/${first.id}.1/accept`, `/orders/${first.id}/start`, `/orders/${first.id}/complete`]) {
      expect((await request(system.baseUrl, 'POST', step, { headers: bearer(token) })).status, step).toBe(200);
    }
    const released = await stored(second.id);
    expect(released.need.status).toBe('offered');
    expect(released.offers.map((offer) => [offer.partnerId, offer.status])).toEqual([['laundry-one', 'open']]);
    // The first resident was told of completion with the link to rate it.
    expect(outboxFor('13700000003').map((message) => message.text).join()).toContain('欢迎为这次服务评价');
  });

  it('releases special groups first, then the oldest', async () => {
    await addPartner('tailor-one', 'tailoring', 'hehua', 1);
    const token = await system.issueToken('partner', 'tailor-one');
    const body = { category: 'tailoring', description: '改裤脚', communityId: 'hehua', contact: { name: '居民', phone: '13700000005' } };
    const holder = await submit(body);
    await stored(holder.id);
    const plainOld = await submit(body);
    await stored(plainOld.id);
    const special = await submit({ ...body, specialGroups: ['livingAlone'] });
    expect((await stored(special.id)).need.status).toBe('waiting');
    expect((await stored(plainOld.id)).need.status).toBe('waiting');
    expect((await request(system.baseUrl, 'POST', `/offers/${holder.id}.1/decline`, { body: { reason: '今天不在' }, headers: bearer(token) })).status).toBe(200);
    await system.poller.drain();
    expect((await stored(special.id)).need.status).toBe('offered');
    expect((await stored(plainOld.id)).need.status).toBe('waiting');
  });

  it('escalates a need that waited past its urgency’s limit, telling the resident and the operators once', async () => {
    await addPartner('physio-one', 'physiotherapy', 'taoyuan', 1);
    const body = { category: 'physiotherapy', description: '腰疼理疗', communityId: 'taoyuan', urgency: 'urgent', contact: { name: '郑阿姨', phone: '13700000006' } };
    setClock('2026-12-02T09:00:00');
    await stored((await submit(body)).id);
    const late = await submit(body);
    expect((await stored(late.id)).need.status).toBe('waiting');
    const { watchNeedsNow } = await import('#functions/operators/watch-needs.ts');
    await watchNeedsNow(setClock('2026-12-02T09:29:00'));
    expect((await stored(late.id)).need.status).toBe('waiting');
    expect((await watchNeedsNow(setClock('2026-12-02T09:31:00'))).escalated).toBeGreaterThanOrEqual(1);
    const { need } = await stored(late.id);
    expect(need.status).toBe('escalated');
    expect(need.escalation?.code).toBe('waitedTooLong');
    // Again: nothing more to escalate, and no second alert.
    await watchNeedsNow(setClock('2026-12-02T09:32:00'));
    await system.poller.drain();
    const inbox = await request<{ alerts: Array<{ needId: string; kind: string }> }>(system.baseUrl, 'GET', '/operators/inbox', { headers: bearer(operatorToken) });
    expect(inbox.body.alerts.filter((alert) => alert.needId === late.id)).toHaveLength(1);
    expect(outboxFor('13700000006').filter((message) => message.text.includes('社区工作人员'))).toHaveLength(1);
  });

  it('offers a waiting need on the recheck schedule when a place opened that no release saw, and leaves one past its limit to the watchdog', async () => {
    await addPartner('recheck-one', 'laundry', 'hehua', 1);
    const body = { category: 'laundry', description: '窗帘清洗', communityId: 'hehua', urgency: 'urgent', contact: { name: '钱阿姨', phone: '13700000008' } };
    setClock('2026-12-03T09:00:00');
    expect((await stored((await submit(body)).id)).need.status).toBe('offered');
    const overdue = await submit(body);
    expect((await stored(overdue.id)).need.status).toBe('waiting');
    setClock('2026-12-03T09:20:00');
    const recent = await submit(body);
    expect((await stored(recent.id)).need.status).toBe('waiting');
    // Two more places, from the profile: nothing freed, so the release consumer has nothing to react to.
    await addPartner('recheck-one', 'laundry', 'hehua', 3);
    await system.poller.drain();
    expect((await stored(recent.id)).need.status).toBe('waiting');
    const { recheckWaitingNeedsNow } = await import('#functions/matching/recheck-waiting-needs.ts');
    await recheckWaitingNeedsNow(setClock('2026-12-03T09:31:00'));
    expect((await stored(recent.id)).need.status).toBe('offered');
    // Waited past the urgent limit: not offered by the recheck, escalated by the watchdog.
    expect((await stored(overdue.id)).need.status).toBe('waiting');
    const { watchNeedsNow } = await import('#functions/operators/watch-needs.ts');
    await watchNeedsNow(setClock('2026-12-03T09:31:00'));
    expect((await stored(overdue.id)).need).toMatchObject({ status: 'escalated', escalation: { code: 'waitedTooLong' } });
  });

  it('sends each resident message and operator alert once when the stream record is delivered twice', async () => {
    const { id } = await submit({ category: 'publicIssue', description: '路灯坏了', communityId: 'hehua', contact: { name: '冯先生', phone: '13700000007' } });
    const { need } = await stored(id);
    expect(need.status).toBe('escalated');
    expect(outboxFor('13700000007')).toHaveLength(1);
    const { handler } = await import('#functions/notifications/tell-people.ts');
    const image = (status: string, version: number) => marshall(needs.needItem({ ...need, status: status as never, version }), { removeUndefinedValues: true }) as never;
    const event = {
      Records: [
        {
          eventID: 'again-1',
          eventName: 'MODIFY',
          eventSource: 'aws:dynamodb',
          dynamodb: { NewImage: image('escalated', need.version), OldImage: image('submitted', need.version - 1), SequenceNumber: '1', StreamViewType: 'NEW_AND_OLD_IMAGES' },
        },
      ],
    } as DynamoDBStreamEvent;
    const invoke = () => invokeHandler(handler as LambdaHandler, event, { functionName: 'tellPeople', timeoutMs: 30_000 });
    const replies = await Promise.all([invoke(), invoke()]);
    for (const reply of replies) expect(reply).toEqual({ batchItemFailures: [] });
    // Texts leave from the text outbox's consumer: whatever the second delivery queued has gone out by now.
    await system.poller.drain();
    expect(outboxFor('13700000007')).toHaveLength(1);
    // The demo district's operators' channel is a phone number: the escalation's alert reached it once, from the stream.
    expect(system.outbox.list().filter((message) => message.purpose === 'operatorAlert' && message.subject === id)).toHaveLength(1);
    const inbox = await request<{ alerts: Array<{ needId: string }> }>(system.baseUrl, 'GET', '/operators/inbox', { headers: bearer(operatorToken) });
    expect(inbox.body.alerts.filter((alert) => alert.needId === id)).toHaveLength(1);
  });
});

describe('200 needs at once against small capacities', () => {
  it('never exceeds a capacity, never gives a need two live offers, and leaves every need offered, waiting, escalated or closed', async () => {
    const capacities = [1, 2, 3, 2];
    for (const [index, capacity] of capacities.entries()) await addPartner(`fresh-${index}`, 'freshProduce', 'liuyin', capacity);
    const body = (index: number) => ({
      category: 'freshProduce',
      description: `果蔬配送 ${index}`,
      // One in ten elsewhere: nobody serves Hehua for fresh produce, so those go to staff.
      communityId: index % 10 === 0 ? 'hehua' : 'liuyin',
      specialGroups: index % 7 === 0 ? ['livingAlone'] : [],
      contact: { name: '居民', phone: `1390000${String(index).padStart(4, '0')}` },
    });
    const ids: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const replies = await Promise.all(Array.from({ length: 20 }, (_, index) => submit(body(batch * 20 + index))));
      ids.push(...replies.map((reply) => reply.id));
    }
    // Race the stream with direct dispatches and duplicate releases.
    const { dispatchNeed } = await import('#lib/use-cases/dispatch-need.ts');
    const { releaseWaitingNeeds } = await import('#lib/use-cases/release-waiting-needs.ts');
    const { currentDistrict } = await import('#lib/district/current-district.ts');
    await Promise.all([...ids.slice(0, 50).map((id) => dispatchNeed(id, currentDistrict())), releaseWaitingNeeds('fresh-1', currentDistrict()), releaseWaitingNeeds('fresh-1', currentDistrict())]);
    await system.poller.drain(120_000);

    const results = await Promise.all(ids.map((id) => stored(id)));
    const byStatus = new Map<string, number>();
    for (const { need, offers: made } of results) {
      byStatus.set(need.status, (byStatus.get(need.status) ?? 0) + 1);
      expect(['offered', 'waiting', 'escalated', 'closed']).toContain(need.status);
      expect(made.filter((offer) => offer.status === 'open' || offer.status === 'accepted').length).toBeLessThanOrEqual(1);
    }
    for (const [index, capacity] of capacities.entries()) {
      const { standing } = await partners.getPartnerStanding(`fresh-${index}`, new Date());
      expect(standing.openOrders, `fresh-${index}`).toBe(capacity);
    }
    expect(byStatus.get('offered')).toBe(8);
    expect(byStatus.get('escalated')).toBe(20);
    expect(byStatus.get('waiting')).toBe(172);
    expect(await needsWithoutNextStep(system, operatorToken)).toEqual([]);
  }, 300_000);
});
