/**
 * Notifications that cannot block each other (#10), on DynamoDB Local through HTTP: partner A's
 * webhook never answers, partner B's does. B's offer, made while A's first request hangs, reaches B
 * within less than A's request timeout of its offer being written; A's delivery is tried once per
 * receive of its queue message, logged as failed after its receives, and its message ends in the
 * dead-letter store. Times are compared with each other and with A's timeout, never with a fixed
 * wall-clock figure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from '#infra/local/webhook-receiver.ts';
import { partnerDeliveries, type QueueConsumerDeclaration } from '#lib/topology/topology.ts';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, quickDeliveries, startLocalSystem } from '../../support/local-system.ts';
import { webhookPartner } from '../../support/webhook-partner.ts';

/** The declared request timeout, with three receives a fraction of a second apart, so the test waits seconds, not minutes. */
const deliveries: QueueConsumerDeclaration = {
  ...quickDeliveries,
  retry: { requestTimeoutMs: partnerDeliveries.retry.requestTimeoutMs, maxReceiveCount: 3, retryDelaysSeconds: [0.1, 0.2] },
};
const timeoutMs = deliveries.retry.requestTimeoutMs;

let system: LocalSystem;
let receiver: WebhookReceiver;
let operatorToken: string;
let offers: typeof import('#lib/data/offers-repository.ts');

const secret = `whsec_${Buffer.from('hanging-test-secret-0123456789').toString('base64')}`;
const hangingPath = '/webhooks/partner-a?hang=1';
const answeringPath = '/webhooks/partner-b';

async function submit(category: string): Promise<string> {
  const reply = await request<{ id: string }>(system.baseUrl, 'POST', '/needs', {
    body: { category, description: '需要上门帮忙', communityId: 'hehua', gridId: 'hehua-2', contact: { name: '孙阿姨', phone: '13700137002' } },
  });
  expect(reply.status).toBe(201);
  return reply.body.id;
}

const arrivedAt = (path: string): ReceivedWebhook[] => receiver.received.filter((entry) => entry.path === path);

async function until<T>(what: string, probe: () => T | undefined, limitMs = 20_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`waited ${limitMs} ms for ${what}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

interface LoggedDelivery {
  notificationId: string;
  channelKey: string;
  status: string;
  attempts: number;
  lastError?: string;
  deadLettered?: boolean;
  queuedAt?: string;
  firstAttemptAt?: string;
  deliveredAt?: string;
}

async function deliveriesOf(partnerId: string): Promise<LoggedDelivery[]> {
  const reply = await request<{ deliveries: LoggedDelivery[] }>(system.baseUrl, 'GET', `/partners/${partnerId}/deliveries`, {
    headers: { authorization: `Bearer ${operatorToken}` },
  });
  expect(reply.status).toBe(200);
  return reply.body.deliveries;
}

beforeAll(async () => {
  receiver = await startWebhookReceiver({ print: () => {} });
  system = await startLocalSystem({ queueConsumers: [deliveries] });
  operatorToken = await system.issueToken('operator', 'op-1');
  offers = await import('#lib/data/offers-repository.ts');
  const { putPartner } = await import('#lib/data/partners-repository.ts');
  const { partnerSchema } = await import('#lib/partners/partner.ts');
  // No demo partner offers tailoring or physiotherapy, so each of these is the only candidate of its category.
  await putPartner(partnerSchema.parse(webhookPartner({ id: 'hang-test-a', category: 'tailoring', url: `${receiver.url}${hangingPath}`, secret })));
  await putPartner(partnerSchema.parse(webhookPartner({ id: 'hang-test-b', category: 'physiotherapy', url: `${receiver.url}${answeringPath}`, secret })));
});

afterAll(async () => {
  await system?.stop();
  await receiver?.close();
});

describe("a partner whose webhook never answers", () => {
  let needA: string;
  let needB: string;

  it("does not delay another partner's notification: B's arrives within less than A's timeout of B's offer, while A's first request still hangs", async () => {
    needA = await submit('tailoring');
    const firstHang = await until("A's first request", () => arrivedAt(hangingPath)[0]);
    // B's need comes while A's first request hangs: the old inline notifier would have held B's offer behind A's retries.
    needB = await submit('physiotherapy');
    const atB = await until("B's notification", () => arrivedAt(answeringPath)[0]);

    const [offerB] = await offers.offersOfNeed(needB);
    if (!offerB) throw new Error('no offer to B');
    const delayOfB = atB.receivedAt - Date.parse(offerB.createdAt);
    console.info(`B notified ${delayOfB} ms after its offer was written; A's request timeout is ${timeoutMs} ms`);
    expect(delayOfB).toBeGreaterThanOrEqual(0);
    expect(delayOfB).toBeLessThan(timeoutMs);
    // A's retries were still under way when B's arrived.
    expect(arrivedAt(hangingPath).filter((entry) => entry.receivedAt <= atB.receivedAt).length).toBeLessThan(deliveries.retry.maxReceiveCount);
    expect(atB.receivedAt).toBeGreaterThan(firstHang.receivedAt);
  });

  it("logs B's delivery as delivered at the first attempt, counted from when its message was queued", async () => {
    await system.poller.drain();
    const [logged] = await deliveriesOf('hang-test-b');
    expect(logged).toMatchObject({ notificationId: `ntf_${needB}_1_created`, status: 'delivered', attempts: 1 });
    expect(Date.parse(logged?.deliveredAt ?? '') - Date.parse(logged?.queuedAt ?? '')).toBeLessThan(timeoutMs);
    expect(arrivedAt(answeringPath)).toHaveLength(1);
  });

  it("tries A once per receive, each request ended by the timeout, logs it failed, and sets its message aside in the dead-letter store", async () => {
    const hung = arrivedAt(hangingPath);
    expect(hung).toHaveLength(deliveries.retry.maxReceiveCount);
    expect(new Set(hung.map((entry) => entry.headers['webhook-id']))).toEqual(new Set([`ntf_${needA}_1_created`]));
    // Each next receive comes only after the previous request timed out.
    for (let index = 1; index < hung.length; index++) {
      expect((hung[index]?.receivedAt ?? 0) - (hung[index - 1]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(timeoutMs - 50);
    }

    const [logged] = await deliveriesOf('hang-test-a');
    expect(logged).toMatchObject({
      notificationId: `ntf_${needA}_1_created`,
      status: 'failed',
      attempts: deliveries.retry.maxReceiveCount,
      lastError: `no answer within ${timeoutMs} ms`,
      deadLettered: true,
    });
    const letters = system.deadLetters.list().filter((letter) => letter.kind === 'queue');
    expect(letters).toHaveLength(1);
    const letter = letters[0];
    if (!letter || !('message' in letter)) throw new Error('no queue letter');
    expect(letter).toMatchObject({ consumer: 'partnerDeliveries', reason: 'maxReceiveCountExceeded', attempts: deliveries.retry.maxReceiveCount });
    expect(JSON.parse(letter.message.body)).toMatchObject({ v: 1, deliveryId: `ntf_${needA}_1_created:${logged?.channelKey}` });
  });

  it('sends one request per receive when the message is replayed twice at once: the second copy finds the first one sending', async () => {
    const letter = system.deadLetters.list().find((candidate) => candidate.kind === 'queue');
    if (!letter || !('message' in letter)) throw new Error('no queue letter');
    const before = arrivedAt(hangingPath).length;
    system.queues.queue('partnerDeliveries').send(letter.message.body);
    system.queues.queue('partnerDeliveries').send(letter.message.body);
    await system.poller.drain();
    expect(arrivedAt(hangingPath).length - before).toBe(deliveries.retry.maxReceiveCount);
    const [logged] = await deliveriesOf('hang-test-a');
    expect(logged).toMatchObject({ status: 'failed', attempts: 2 * deliveries.retry.maxReceiveCount });
  });
});
