/**
 * A partner's SMS and email channels through the text outbox (#12), on DynamoDB Local with the local
 * stream poller: the notifier writes the delivery log entry and an outbox item, the outbox's sender
 * texts the partner (the local outbox) and closes the entry, so the operators' deliveries page tells
 * what became of it: delivered, failed with the error (without the number), skipped (an offer that
 * expired before it was sent, email with no SNS here). A repeated stream record texts nothing twice.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invokeHandler, type LambdaHandler } from '#infra/local/lambda-context.ts';
import type { AttemptResult } from '#lib/delivery/attempt-result.ts';
import { useTextMessageSender } from '#lib/delivery/text-message-sender.ts';
import { channelKey, type NotificationChannel } from '#lib/notifications/channels.ts';
import type { Offer } from '#lib/offers/offer.ts';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';
import { webhookPartner } from '../../support/webhook-partner.ts';

let system: LocalSystem;
// Repositories read the table's name and endpoint when first imported: after the system is up.
let notifications: typeof import('#lib/data/notifications-repository.ts');
let offers: typeof import('#lib/data/offers-repository.ts');
let dynamo: typeof import('#lib/data/dynamo-client.ts');
let lib: typeof import('@aws-sdk/lib-dynamodb');
let keys: typeof import('#lib/data/keys.ts');
let notifyHandler: typeof import('#functions/notifications/notify-partner.ts').handler;

const phone = '13800000011';
const sms: NotificationChannel = { type: 'sms', phone };
const email: NotificationChannel = { type: 'email', address: 'tailor.sun@example.cn' };
const partnerId = 'test-sms-tailor';

beforeAll(async () => {
  system = await startLocalSystem();
  notifications = await import('#lib/data/notifications-repository.ts');
  offers = await import('#lib/data/offers-repository.ts');
  dynamo = await import('#lib/data/dynamo-client.ts');
  lib = await import('@aws-sdk/lib-dynamodb');
  keys = await import('#lib/data/keys.ts');
  ({ handler: notifyHandler } = await import('#functions/notifications/notify-partner.ts'));
  const { putPartner } = await import('#lib/data/partners-repository.ts');
  const { partnerSchema } = await import('#lib/partners/partner.ts');
  // No demo partner offers tailoring: this one is the only candidate, told by SMS and email only.
  const input = webhookPartner({ id: partnerId, category: 'tailoring', url: 'https://unused.example.cn/', secret: 'unused', capacity: 20 });
  await putPartner(partnerSchema.parse({ ...input, notificationChannels: [sms, email] }));
}, 60_000);

afterEach(() => useTextMessageSender(system.outbox));

afterAll(async () => {
  await system?.stop();
});

async function submitNeed(): Promise<string> {
  const reply = await request<{ id: string }>(system.baseUrl, 'POST', '/needs', {
    body: { category: 'tailoring', description: '裤脚想改短一点', communityId: 'hehua', gridId: 'hehua-2', address: '荷花小区3幢2单元202', contact: { name: '孙阿姨', phone: '13700137011' } },
  });
  expect(reply.status).toBe(201);
  await system.poller.drain();
  return reply.body.id;
}

const textsOfNeed = (needId: string) => system.outbox.list().filter((message) => message.to === phone && message.dedupeKey.includes(needId));

async function textItem(dedupeKey: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo.documentClient.send(new lib.GetCommand({ TableName: system.tableName, Key: keys.textMessageKey(dedupeKey), ConsistentRead: true }));
  return Item;
}

async function smsDelivery(needId: string, attempt = 1) {
  const entries = await notifications.deliveriesOf(`ntf_${needId}_${attempt}_created`);
  return entries.find((entry) => entry.channelKey === channelKey(sms));
}

/** A sender that answers `failures` first for the partner's texts, then texts into the outbox. */
function failingFirst(failures: AttemptResult[]): string[] {
  const tried: string[] = [];
  useTextMessageSender({
    name: 'flaky',
    send: async (message) => {
      if (message.purpose !== 'partnerOffer') return system.outbox.send(message);
      tried.push(message.dedupeKey);
      return failures[tried.length - 1] ?? system.outbox.send(message);
    },
  });
  return tried;
}

async function firstOffer(needId: string): Promise<Offer> {
  const offer = await offers.getOffer(needId, 1);
  if (!offer) throw new Error('no offer');
  return offer;
}

function insertEvent(offer: Offer, eventIds: string[]): DynamoDBStreamEvent {
  return {
    Records: eventIds.map(
      (eventID, index): DynamoDBRecord => ({
        eventID,
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        dynamodb: {
          NewImage: marshall(offers.offerItem(offer), { removeUndefinedValues: true }) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
          SequenceNumber: String(index + 1),
        },
      }),
    ),
  };
}

const notify = (event: DynamoDBStreamEvent) => invokeHandler(notifyHandler as LambdaHandler, event, { functionName: 'notify-partner', timeoutMs: 30_000 });

describe("a partner's SMS channel", () => {
  it('texts the offer through the outbox sender, and the delivery log and the operators\' page say delivered', async () => {
    const needId = await submitNeed();
    const texts = textsOfNeed(needId);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ purpose: 'partnerOffer', dedupeKey: `ntf_${needId}_1_created.${channelKey(sms)}`, subject: partnerId });
    expect(texts[0]?.text).toContain(`/partner/#/offers/${needId}.1`);
    // The resident's contact never goes into a partner's SMS before acceptance.
    expect(texts[0]?.text).not.toContain('13700137011');

    expect(await smsDelivery(needId)).toMatchObject({ channelType: 'sms', channel: 'sms 138****0011', status: 'delivered', attempts: 1 });
    // Closed: the number and the text are gone from the outbox item.
    const item = await textItem(`ntf_${needId}_1_created.${channelKey(sms)}`);
    expect(item).toMatchObject({ status: 'sent', attempts: 1 });
    expect(item).not.toHaveProperty('to');
    expect(item).not.toHaveProperty('text');

    const operator = await system.issueToken('operator', 'op-1');
    const page = await request<{ deliveries: Array<{ notificationId: string; channelType: string; status: string; reason?: string }> }>(
      system.baseUrl,
      'GET',
      `/partners/${partnerId}/deliveries`,
      { headers: { authorization: `Bearer ${operator}` } },
    );
    expect(page.status).toBe(200);
    const shown = page.body.deliveries.filter((entry) => entry.notificationId === `ntf_${needId}_1_created`);
    expect(shown).toContainEqual(expect.objectContaining({ channelType: 'sms', status: 'delivered' }));
    // Email goes through the same sender; with no SNS here it is skipped, and says why.
    expect(shown).toContainEqual(expect.objectContaining({ channelType: 'email', status: 'skipped', reason: 'no SNS locally' }));
    expect(JSON.stringify(page.body)).not.toContain(phone);
  });

  it('records a refused text as failed on the delivery log, without the number the provider quoted', async () => {
    const refused: AttemptResult = { ok: false, error: `SNS InvalidParameter: PhoneNumber Reason: +86${phone} is not valid`, retryable: false };
    const tried = failingFirst([refused]);
    const needId = await submitNeed();
    expect(tried).toHaveLength(1);
    expect(textsOfNeed(needId)).toEqual([]);
    const delivery = await smsDelivery(needId);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1 });
    expect(delivery?.lastError).toContain('SNS InvalidParameter');
    expect(JSON.stringify(delivery)).not.toContain(phone);
    expect(await textItem(`ntf_${needId}_1_created.${channelKey(sms)}`)).toMatchObject({ status: 'failed' });
  });

  it('retries a send worth retrying through the stream, and records it delivered with both attempts', async () => {
    const tried = failingFirst([{ ok: false, error: 'SNS Throttling: rate exceeded', retryable: true }]);
    const needId = await submitNeed();
    expect(tried).toHaveLength(2);
    expect(textsOfNeed(needId)).toHaveLength(1);
    expect(await smsDelivery(needId)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('queues one text when the notifier gets the same stream record again, even twice in one batch', async () => {
    const needId = await submitNeed();
    const offer = await firstOffer(needId);
    expect(await notify(insertEvent(offer, ['again-1', 'again-2']))).toEqual({ batchItemFailures: [] });
    await system.poller.drain();
    expect(textsOfNeed(needId)).toHaveLength(1);
    expect(await smsDelivery(needId)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('does not text an offer that expired before its text was sent, and records the delivery skipped', async () => {
    const needId = await submitNeed();
    const offer = await firstOffer(needId);
    // Another offer of the need, whose record reaches the notifier (and its text the sender) after it expired.
    const lapsed: Offer = { ...offer, id: `${needId}.7`, attempt: 7, createdAt: new Date(Date.now() - 20 * 60_000).toISOString(), expiresAt: new Date(Date.now() - 60_000).toISOString() };
    expect(await notify(insertEvent(lapsed, ['lapsed-1']))).toEqual({ batchItemFailures: [] });
    await system.poller.drain();
    expect(textsOfNeed(needId).map((text) => text.dedupeKey)).toEqual([`ntf_${needId}_1_created.${channelKey(sms)}`]);
    expect(await smsDelivery(needId, 7)).toMatchObject({ status: 'skipped', attempts: 0, reason: 'the offer expired before it could be delivered' });
    const item = await textItem(`ntf_${needId}_7_created.${channelKey(sms)}`);
    expect(item).toMatchObject({ status: 'skipped', reason: 'the offer expired before it could be delivered' });
    expect(item).not.toHaveProperty('to');
  });
});
