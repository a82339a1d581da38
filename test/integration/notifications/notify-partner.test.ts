/**
 * Notifications on DynamoDB Local through the local gateway and stream poller, with real HTTP to a
 * local receiver, each delivery through the partnerDeliveries queue: signed webhooks that
 * standardwebhooks verifies, the inbox, retries against a listener answering 500 with a logged
 * failure and the message in the dead-letter store, the cascade moving on regardless, a cancelled
 * order, and a duplicate stream record that sends nothing twice.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from '#infra/local/webhook-receiver.ts';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, quickDeliveries, startLocalSystem } from '../../support/local-system.ts';
import { webhookPartner } from '../../support/webhook-partner.ts';
import { invokeHandler, type LambdaHandler } from '#infra/local/lambda-context.ts';

let system: LocalSystem;
let receiver: WebhookReceiver;
// Repositories read the table's name and endpoint when first imported: after the system is up.
let notifications: typeof import('#lib/data/notifications-repository.ts');
let offers: typeof import('#lib/data/offers-repository.ts');
let expireOffers: typeof import('#functions/matching/expire-offers.ts').expireOffers;
let notifyHandler: typeof import('#functions/notifications/notify-partner.ts').handler;

const secrets = {
  tailor: `whsec_${Buffer.from('tailor-secret-0123456789abcdef').toString('base64')}`,
  down: `whsec_${Buffer.from('down-secret-0123456789abcdefgh').toString('base64')}`,
  backup: `whsec_${Buffer.from('backup-secret-0123456789abcdef').toString('base64')}`,
};

/** No demo partner offers tailoring or physiotherapy, so these partners are the only candidates. */
function testPartner(id: string, category: 'tailoring' | 'physiotherapy', skillLevel: number, path: string, secret: string) {
  return webhookPartner({ id, category, skillLevel, url: `${receiver.url}${path}`, secret });
}

function needOf(category: string) {
  return {
    category,
    description: category === 'tailoring' ? '被罩破了一个口子，想请人缝补' : '腰疼，想请理疗师上门',
    communityId: 'hehua',
    gridId: 'hehua-2',
    address: '荷花小区2幢1单元101',
    contact: { name: '钱阿姨', phone: '13700137001' },
  };
}

async function submit(category: string): Promise<{ id: string; trackingToken: string }> {
  const reply = await request<{ id: string; trackingToken: string }>(system.baseUrl, 'POST', '/needs', { body: needOf(category) });
  expect(reply.status).toBe(201);
  await system.poller.drain();
  return reply.body;
}

const arrivedAt = (path: string): ReceivedWebhook[] => receiver.received.filter((entry) => entry.path === path);

function verified(entry: ReceivedWebhook | undefined, secret: string) {
  if (!entry) throw new Error('nothing arrived');
  return new Webhook(secret).verify(entry.body, entry.headers) as { type: string; timestamp: string; data: Record<string, unknown> };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver({ print: () => {} });
  system = await startLocalSystem();
  notifications = await import('#lib/data/notifications-repository.ts');
  offers = await import('#lib/data/offers-repository.ts');
  ({ expireOffers } = await import('#functions/matching/expire-offers.ts'));
  ({ handler: notifyHandler } = await import('#functions/notifications/notify-partner.ts'));
  const { putPartner } = await import('#lib/data/partners-repository.ts');
  const { partnerSchema } = await import('#lib/partners/partner.ts');
  for (const input of [
    testPartner('test-tailor', 'tailoring', 3, '/webhooks/test-tailor', secrets.tailor),
    // The stronger physiotherapist is asked first, and its server is down.
    testPartner('test-physio-down', 'physiotherapy', 5, '/webhooks/test-physio-down?status=500', secrets.down),
    testPartner('test-physio-backup', 'physiotherapy', 1, '/webhooks/test-physio-backup', secrets.backup),
  ]) {
    await putPartner(partnerSchema.parse(input));
  }
});

afterAll(async () => {
  await system?.stop();
  await receiver?.close();
});

describe('notifying a partner of a new offer', () => {
  let needId: string;

  it('sends a Standard Webhooks request that standardwebhooks verifies, about the offer, without the resident contact', async () => {
    ({ id: needId } = await submit('tailoring'));
    const [offer] = await offers.offersOfNeed(needId);
    expect(offer?.partnerId).toBe('test-tailor');

    const arrived = arrivedAt('/webhooks/test-tailor');
    expect(arrived).toHaveLength(1);
    const entry = arrived[0];
    expect(entry?.method).toBe('POST');
    expect(entry?.headers['webhook-id']).toBe(`ntf_${needId}_1_created`);
    const payload = verified(entry, secrets.tailor);
    expect(payload.type).toBe('offer.created');
    expect(payload.data).toMatchObject({ offerId: offer?.id, orderId: needId, partnerId: 'test-tailor', expiresAt: offer?.expiresAt });
    expect(entry?.body).not.toContain('13700137001');
    expect(entry?.body).not.toContain('荷花小区2幢');
    expect(() => new Webhook(secrets.backup).verify(entry?.body ?? '', entry?.headers ?? {})).toThrow();
  });

  it('writes the inbox item and a delivered entry in the delivery log', async () => {
    const inbox = await notifications.listInbox('test-tailor', 10);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      notificationId: `ntf_${needId}_1_created`,
      event: 'offer.created',
      title: '【新订单】缝补 · 荷花社区',
    });
    expect(inbox[0]?.lines).toContainEqual(expect.stringMatching(/^请在 \d\d:\d\d 前接单/));

    const [delivery] = await notifications.deliveriesOf(`ntf_${needId}_1_created`);
    expect(delivery).toMatchObject({ channelType: 'webhook', status: 'delivered', attempts: 1, lastStatusCode: 200 });
    expect(delivery?.channel).not.toContain(secrets.tailor);
  });

  it('sends nothing again when the same stream record is delivered twice more, even in one batch', async () => {
    const item = await offers.getOffer(needId, 1);
    if (!item) throw new Error('no offer');
    const record: DynamoDBRecord = {
      eventID: 'duplicate-1',
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: {
        // The stream carries DynamoDB JSON; the SDK's and aws-lambda's AttributeValue types are the same shape.
        NewImage: marshall(offers.offerItem(item), { removeUndefinedValues: true }) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
        SequenceNumber: '1',
      },
    };
    const event: DynamoDBStreamEvent = {
      Records: [record, { ...record, eventID: 'duplicate-2', dynamodb: { ...record.dynamodb, SequenceNumber: '2' } }],
    };
    const response = await invokeHandler(notifyHandler as LambdaHandler, event, { functionName: 'notify-partner', timeoutMs: 30_000 });
    expect(response).toEqual({ batchItemFailures: [] });
    // Both records put the delivery on the queue again; the sender finds it delivered and sends nothing.
    await system.poller.drain();

    expect(arrivedAt('/webhooks/test-tailor')).toHaveLength(1);
    expect(await notifications.listInbox('test-tailor', 10)).toHaveLength(1);
    const [delivery] = await notifications.deliveriesOf(`ntf_${needId}_1_created`);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1 });
  });
});

describe('a partner whose server fails', () => {
  let needId: string;

  it('gets one try per receive of its queue message, and the delivery log says failed with the last error; the message waits in the dead-letter store', async () => {
    ({ id: needId } = await submit('physiotherapy'));
    const [offer] = await offers.offersOfNeed(needId);
    expect(offer).toMatchObject({ partnerId: 'test-physio-down', status: 'open' });

    const attempts = arrivedAt('/webhooks/test-physio-down?status=500');
    expect(attempts).toHaveLength(quickDeliveries.retry.maxReceiveCount);
    // Same event id on every attempt, each signed afresh.
    expect(new Set(attempts.map((entry) => entry.headers['webhook-id']))).toEqual(new Set([`ntf_${needId}_1_created`]));
    for (const entry of attempts) expect(verified(entry, secrets.down).type).toBe('offer.created');

    const [delivery] = await notifications.deliveriesOf(`ntf_${needId}_1_created`);
    expect(delivery).toMatchObject({ status: 'failed', attempts: quickDeliveries.retry.maxReceiveCount, lastStatusCode: 500, deadLettered: true });
    expect(delivery?.lastError).toMatch(/^HTTP 500/);
    expect(await notifications.listInbox('test-physio-down', 10)).toHaveLength(1);
    const letters = system.deadLetters.list();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ kind: 'queue', consumer: 'partnerDeliveries', reason: 'maxReceiveCountExceeded', attempts: 4 });
    expect(letters[0] && 'message' in letters[0] ? JSON.parse(letters[0].message.body).deliveryId : undefined).toBe(
      `ntf_${needId}_1_created:${delivery?.channelKey}`,
    );

    // Operators see the failure in the partner's delivery log.
    const operator = await system.issueToken('operator', 'op-1');
    const log = await request<{ deliveries: Array<{ notificationId: string; status: string }> }>(system.baseUrl, 'GET', '/partners/test-physio-down/deliveries', {
      headers: { authorization: `Bearer ${operator}` },
    });
    expect(log.status).toBe(200);
    expect(log.body.deliveries).toContainEqual(expect.objectContaining({ notificationId: `ntf_${needId}_1_created`, status: 'failed' }));
  });

  it('does not hold up the cascade: the offer still expires and the next partner is asked and notified', async () => {
    const result = await expireOffers(new Date(Date.now() + 11 * 60_000));
    expect(result.expired).toBeGreaterThanOrEqual(1);
    await system.poller.drain();

    const made = await offers.offersOfNeed(needId);
    expect(made.map((offer) => [offer.partnerId, offer.status])).toEqual([
      ['test-physio-down', 'expired'],
      ['test-physio-backup', 'open'],
    ]);
    const arrived = arrivedAt('/webhooks/test-physio-backup');
    expect(arrived).toHaveLength(1);
    expect(verified(arrived[0], secrets.backup).data).toMatchObject({ offerId: `${needId}.2`, partnerId: 'test-physio-backup' });
    // The expired offer to the failing partner is not sent again.
    expect(arrivedAt('/webhooks/test-physio-down?status=500')).toHaveLength(quickDeliveries.retry.maxReceiveCount);
  });
});

describe('an order the resident cancels after the partner accepted', () => {
  it('tells the partner with an order.cancelled webhook and an inbox item', async () => {
    const { id: needId, trackingToken } = await submit('tailoring');
    const [offer] = await offers.offersOfNeed(needId);
    if (!offer) throw new Error('no offer');
    const token = await system.issueToken('partner', 'test-tailor');
    const accepted = await request(system.baseUrl, 'POST', `/offers/${offer.id}/accept`, { headers: { authorization: `Bearer ${token}` } });
    expect(accepted.status).toBe(200);
    const cancelled = await request(system.baseUrl, 'POST', `/needs/${needId}/cancel`, { headers: { 'x-tracking-token': trackingToken } });
    expect(cancelled.status).toBe(200);
    await system.poller.drain();

    const about = receiver.received
      .filter((entry) => entry.path === '/webhooks/test-tailor')
      .map((entry) => verified(entry, secrets.tailor))
      .filter((payload) => payload.data.orderId === needId);
    expect(about.map((payload) => payload.type)).toEqual(['offer.created', 'order.cancelled']);
    const inbox = await notifications.listInbox('test-tailor', 10);
    expect(inbox[0]).toMatchObject({
      notificationId: `ntf_${needId}_1_cancelled`,
      event: 'order.cancelled',
      title: '【订单已取消】缝补 · 荷花社区',
    });
  });
});
