/**
 * The text sender and the alert consumer as they run in the cloud (#12): their esbuild bundles from
 * `cdk synth`, invoked as Lambda invokes a stream consumer there, with an SQS FIFO event whose
 * bodies are the table's stream records (infra/stream-fan-out.ts), against DynamoDB Local (with no
 * local consumer running, so only the bundles act). The sender with no SMS provider records a
 * final failure and removes the number; with SNS it makes a real Publish call through its bundled
 * client, here to a local endpoint that records it and answers 503 (no SNS runs on this machine,
 * and nothing here pretends to be one), so the text is given back for the queue to deliver again.
 * The alert consumer, compiled with the demo district (operators' channel: a phone number), queues
 * the alert's text in the outbox, once however often the record comes. A partner's SMS and email
 * channels (#12): the notifier's bundle queues one outbox item per channel with its delivery log
 * entry, the sender's bundle closes the entry with what came of the send (skipped without a
 * provider or once the offer expired; retrying when SNS is unavailable, the email published to the
 * district's topic with the partner and address as message attributes), and the deliveries' bundle
 * moves a message left on its queue for an SMS channel to the outbox.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { marshall } from '@aws-sdk/util-dynamodb';
import { type CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { DynamoDBRecord, SQSEvent, SQSBatchResponse } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cdkJsonContext, createDistrictApp } from '#infra/district-app.ts';
import type { HouseFunction } from '#infra/house-function.ts';
import { invokeHandler, type LambdaHandler } from '#infra/local/lambda-context.ts';
import { loadDistrictFile } from '#lib/district/district-files.ts';
import type { OperatorAlert } from '#lib/messaging/operator-alert.ts';
import type { TextMessage } from '#lib/messaging/text-message.ts';
import { channelKey, type NotificationChannel } from '#lib/notifications/channels.ts';
import { deliveryMessageBody, deliveryMessagesOf } from '#lib/notifications/delivery-message.ts';
import { buildNotification } from '#lib/notifications/notification.ts';
import type { Offer } from '#lib/offers/offer.ts';
import { partnerDeliveries } from '#lib/topology/topology.ts';
import { streamConsumers } from '#lib/topology/topology.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';
import { webhookPartner } from '../../support/webhook-partner.ts';

type ConsumerHandler = (event: SQSEvent, context: unknown) => Promise<SQSBatchResponse>;

let system: LocalSystem;
let workDirectory: string;
let sendText: ConsumerHandler;
let deliverAlert: ConsumerHandler;
let notifyPartner: ConsumerHandler;
let deliverToChannel: ConsumerHandler;
let sns: Server;
const publishCalls: string[] = [];
// Repositories read the table's name and endpoint when first imported: after the system is up.
let outbox: typeof import('#lib/data/text-outbox-repository.ts');
let dynamo: typeof import('#lib/data/dynamo-client.ts');
let lib: typeof import('@aws-sdk/lib-dynamodb');
let keys: typeof import('#lib/data/keys.ts');
let notifications: typeof import('#lib/data/notifications-repository.ts');
let offers: typeof import('#lib/data/offers-repository.ts');

function bundleOf(fn: HouseFunction, assemblyDirectory: string): string {
  const owner = Stack.of(fn);
  const resource = (Template.fromStack(owner).toJSON() as { Resources: Record<string, { Properties: { Code: { S3Key: string } } }> }).Resources[
    owner.getLogicalId(fn.node.defaultChild as CfnResource)
  ];
  return join(assemblyDirectory, `asset.${resource?.Properties.Code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
}

beforeAll(async () => {
  system = await startLocalSystem({ streamConsumers: [] });
  sns = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      publishCalls.push(body);
      response.statusCode = 503;
      response.setHeader('content-type', 'text/xml');
      response.end('<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>unavailable</Message></Error><RequestId>r-1</RequestId></ErrorResponse>');
    });
  });
  await new Promise<void>((resolve) => sns.listen(0, '127.0.0.1', resolve));
  workDirectory = await mkdtemp(join(tmpdir(), 'outbox-bundles-'));
  const { app, stacks } = createDistrictApp({
    context: cdkJsonContext(),
    outdir: join(workDirectory, 'cdk.out'),
    districts: [loadDistrictFile('demo')],
    stackProps: {
      routes: [],
      streamConsumers: streamConsumers.filter((consumer) => ['sendText', 'deliverAlert', 'notifyPartner'].includes(consumer.name)),
      queueConsumers: [partnerDeliveries],
      schedules: [],
    },
  });
  const assembly = app.synth();
  const consumerFunction = (name: string) => {
    const found = stacks[0]?.streamConsumers.find((consumer) => consumer.declaration.name === name)?.function;
    if (!found) throw new Error(`no ${name} consumer`);
    return found;
  };
  sendText = ((await import(pathToFileURL(bundleOf(consumerFunction('sendText'), assembly.directory)).href)) as { handler: ConsumerHandler }).handler;
  deliverAlert = ((await import(pathToFileURL(bundleOf(consumerFunction('deliverAlert'), assembly.directory)).href)) as { handler: ConsumerHandler }).handler;
  notifyPartner = ((await import(pathToFileURL(bundleOf(consumerFunction('notifyPartner'), assembly.directory)).href)) as { handler: ConsumerHandler }).handler;
  const deliveries = stacks[0]?.queueConsumers.find((consumer) => consumer.declaration.name === 'partnerDeliveries')?.function;
  if (!deliveries) throw new Error('no partnerDeliveries reader');
  deliverToChannel = ((await import(pathToFileURL(bundleOf(deliveries, assembly.directory)).href)) as { handler: ConsumerHandler }).handler;
  outbox = await import('#lib/data/text-outbox-repository.ts');
  dynamo = await import('#lib/data/dynamo-client.ts');
  lib = await import('@aws-sdk/lib-dynamodb');
  keys = await import('#lib/data/keys.ts');
  notifications = await import('#lib/data/notifications-repository.ts');
  offers = await import('#lib/data/offers-repository.ts');
  const { putPartner } = await import('#lib/data/partners-repository.ts');
  const { partnerSchema } = await import('#lib/partners/partner.ts');
  const partner = webhookPartner({ id: partnerId, category: 'tailoring', url: 'https://unused.example.cn/', secret: 'unused' });
  await putPartner(partnerSchema.parse({ ...partner, notificationChannels: [partnerSms, partnerEmail] }));
}, 300_000);

afterEach(() => {
  delete process.env.SNS_ENABLED;
  delete process.env.AWS_ENDPOINT_URL_SNS;
  delete process.env.EMAIL_TOPIC_ARN;
});

afterAll(async () => {
  await new Promise((resolve) => sns?.close(resolve));
  await system?.stop();
  if (workDirectory) await rm(workDirectory, { recursive: true, force: true });
});

/** The SQS FIFO event the consumer's queue hands Lambda: each body one stream record, as the router sent it. */
function queueEvent(consumer: string, records: DynamoDBRecord[]): SQSEvent {
  return {
    Records: records.map((record, index) => ({
      messageId: randomUUID(),
      receiptHandle: `AQEB${randomUUID()}`,
      body: JSON.stringify(record),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SequenceNumber: `1862757898${String(index).padStart(10, '0')}`,
        MessageGroupId: JSON.stringify(record.dynamodb?.Keys ?? {}),
        SenderId: 'AROAEXAMPLE:CommunityPartners-demo-StreamsRouter',
        MessageDeduplicationId: record.eventID ?? randomUUID(),
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: 'not-checked',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:ap-east-1:123456789012:CommunityPartners-demo-${consumer}.fifo`,
      awsRegion: 'ap-east-1',
    })),
  };
}

/** The INSERT stream record of an item as the table wrote it. */
function insertRecord(item: Record<string, unknown>): DynamoDBRecord {
  return {
    eventID: randomUUID(),
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ap-east-1',
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
      NewImage: marshall(item, { removeUndefinedValues: true }) as never,
      SequenceNumber: '4421584500000000017450439091',
      SizeBytes: 312,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: 'arn:aws:dynamodb:ap-east-1:123456789012:table/CommunityPartners-demo-Table/stream/2026-11-30T00:00:00.000',
  };
}

/** Invoked as Lambda does, each in its own invocation scope (the local system runs several functions in this process). */
const invoke = (handler: ConsumerHandler, name: string, event: SQSEvent) =>
  invokeHandler(handler as LambdaHandler, event, { functionName: `CommunityPartners-demo-${name}`, timeoutMs: 30_000 });

async function textItem(dedupeKey: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo.documentClient.send(new lib.GetCommand({ TableName: system.tableName, Key: keys.textMessageKey(dedupeKey), ConsistentRead: true }));
  return Item;
}

/** Queues a text as a producer would, and answers its stream record. */
async function queued(message: TextMessage): Promise<DynamoDBRecord> {
  const put = outbox.textMessagePut(message, new Date());
  expect(await outbox.queueTextMessage(message, new Date())).toBe(true);
  return insertRecord(put.Item ?? {});
}

describe('the bundled text sender', () => {
  it('with no SMS provider, records the final failure and removes the number and the text', async () => {
    const message: TextMessage = { to: '13700006001', text: '【社区服务】测试', purpose: 'residentUpdate', dedupeKey: `bundle.${randomUUID()}`, subject: randomUUID() };
    const record = await queued(message);
    expect(await invoke(sendText, 'sendText', queueEvent('sendText', [record]))).toEqual({ batchItemFailures: [] });
    const item = await textItem(message.dedupeKey);
    expect(item).toMatchObject({ status: 'failed', attempts: 1, lastError: 'no SMS provider is configured for this district' });
    expect(item).not.toHaveProperty('to');
    expect(item).not.toHaveProperty('text');
    // Delivered again: nothing left to send, nothing failed.
    expect(await invoke(sendText, 'sendText', queueEvent('sendText', [record]))).toEqual({ batchItemFailures: [] });
    expect(await textItem(message.dedupeKey)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('publishes through its bundled SNS client, and gives the text back for the queue to retry when SNS is unavailable', async () => {
    process.env.SNS_ENABLED = 'true';
    process.env.AWS_ENDPOINT_URL_SNS = `http://127.0.0.1:${(sns.address() as AddressInfo).port}`;
    const message: TextMessage = { to: '13700006002', text: '【社区服务】验证码：123456', purpose: 'phoneConfirmation', dedupeKey: `bundle.${randomUUID()}`, subject: randomUUID() };
    const event = queueEvent('sendText', [await queued(message)]);
    const before = publishCalls.length;
    // Its only message failed: the batch fails whole, and the queue delivers it again after its visibility timeout.
    await expect(invoke(sendText, 'sendText', event)).rejects.toThrow(/failed processing/);
    const calls = publishCalls.slice(before).map((body) => new URLSearchParams(body));
    expect(calls.map((call) => [call.get('Action'), call.get('PhoneNumber'), call.get('Message')])).toEqual([['Publish', '+8613700006002', message.text]]);
    const item = await textItem(message.dedupeKey);
    expect(item).toMatchObject({ status: 'queued', attempts: 1, to: message.to });
    expect(String(item?.lastError)).toMatch(/^SNS /);
  });
});

describe('the bundled alert consumer', () => {
  it("queues the alert's text for the demo district's operators' number, once however often the record comes", async () => {
    const needId = randomUUID();
    const alert: OperatorAlert = {
      id: `escalated.${needId}.3`,
      kind: 'escalated',
      needId,
      at: new Date().toISOString(),
      title: '【需求待处理】维修 · 荷花社区',
      lines: ['原因：无人值班', '紧急程度：紧急', `需求编号：${needId}`],
    };
    const record = insertRecord({ ...keys.operatorAlertKey(alert.at, alert.id), type: 'operatorAlert', ...alert, ttl: Math.floor(Date.now() / 1000) + 86_400 });
    expect(await invoke(deliverAlert, 'deliverAlert', queueEvent('deliverAlert', [record]))).toEqual({ batchItemFailures: [] });
    expect(await invoke(deliverAlert, 'deliverAlert', queueEvent('deliverAlert', [record]))).toEqual({ batchItemFailures: [] });
    expect(await textItem(alert.id)).toMatchObject({
      type: 'textMessage',
      status: 'queued',
      to: '13900000000',
      purpose: 'operatorAlert',
      subject: needId,
      text: `${alert.title}\n${alert.lines.join('\n')}`,
    });
    // The delivery's claim beside the need: the second record found it and did nothing.
    const { Item } = await dynamo.documentClient.send(new lib.GetCommand({ TableName: system.tableName, Key: keys.sentMessageKey(needId, `delivered.${alert.id}`) }));
    expect(Item).toMatchObject({ type: 'sentMessage' });
  });
});

const partnerId = 'bundle-sms-tailor';
const partnerSms: NotificationChannel = { type: 'sms', phone: '13800006011' };
const partnerEmail: NotificationChannel = { type: 'email', address: 'sun@example.cn' };

/** A new open offer to the partner, as the matcher writes it. */
function anOffer(overrides: Partial<Offer> = {}): Offer {
  const needId = randomUUID();
  const createdAt = new Date();
  return {
    id: `${needId}.1`,
    needId,
    attempt: 1,
    partnerId,
    status: 'open',
    correlationId: randomUUID(),
    createdAt: createdAt.toISOString(),
    expiresAt: new Date(createdAt.getTime() + 10 * 60_000).toISOString(),
    summary: { category: 'tailoring', communityId: 'hehua', gridId: 'hehua-2', description: '裤脚想改短一点', urgency: 'normal', specialGroups: [] },
    explanation: {} as Offer['explanation'],
    shortReason: { zh: '现在值班', en: 'on duty now' },
    residentSummary: { zh: '已找到服务方', en: 'A partner was found' },
    ...overrides,
  };
}

/** The notifier's bundle takes the offer's INSERT record; answers the outbox items' records for the sender, SMS first. */
async function notified(offer: Offer): Promise<{ sms: DynamoDBRecord; email: DynamoDBRecord; notificationId: string }> {
  const record = insertRecord(offers.offerItem(offer));
  expect(await invoke(notifyPartner, 'notifyPartner', queueEvent('notifyPartner', [record, { ...record, eventID: randomUUID() }]))).toEqual({ batchItemFailures: [] });
  const notificationId = `ntf_${offer.needId}_1_created`;
  const itemRecord = async (channel: NotificationChannel) => {
    const item = await textItem(`${notificationId}.${channelKey(channel)}`);
    expect(item).toMatchObject({ type: 'textMessage', status: 'queued', to: channel.type === 'sms' ? channel.phone : 'sun@example.cn', purpose: 'partnerOffer' });
    return insertRecord(item ?? {});
  };
  return { sms: await itemRecord(partnerSms), email: await itemRecord(partnerEmail), notificationId };
}

async function logged(notificationId: string, channel: NotificationChannel) {
  return (await notifications.deliveriesOf(notificationId)).find((entry) => entry.channelKey === channelKey(channel));
}

describe("the bundled notifier and text sender, for a partner's SMS and email channels", () => {
  it('queue one item per channel however often the record comes, and without a provider record the deliveries skipped', async () => {
    const { sms, email, notificationId } = await notified(anOffer());
    expect(await logged(notificationId, partnerSms)).toMatchObject({ status: 'queued', channelType: 'sms' });
    expect(await invoke(sendText, 'sendText', queueEvent('sendText', [sms, email]))).toEqual({ batchItemFailures: [] });
    expect(await logged(notificationId, partnerSms)).toMatchObject({ status: 'skipped', attempts: 0, reason: 'no SMS provider in this district' });
    expect(await logged(notificationId, partnerEmail)).toMatchObject({ status: 'skipped', attempts: 0, reason: 'no SNS locally' });
    expect(await textItem(`${notificationId}.${channelKey(partnerSms)}`)).not.toHaveProperty('to');
  });

  it('publish the text and the email through SNS, and record the deliveries retrying while SNS is unavailable', async () => {
    process.env.SNS_ENABLED = 'true';
    process.env.AWS_ENDPOINT_URL_SNS = `http://127.0.0.1:${(sns.address() as AddressInfo).port}`;
    process.env.EMAIL_TOPIC_ARN = 'arn:aws:sns:ap-east-1:123456789012:CommunityPartners-demo-PartnerEmail';
    const { sms, email, notificationId } = await notified(anOffer());
    const before = publishCalls.length;
    // Each its own batch (a FIFO batch stops at its first failure); each failed whole, for the queue to deliver again.
    for (const record of [sms, email]) await expect(invoke(sendText, 'sendText', queueEvent('sendText', [record]))).rejects.toThrow(/failed processing/);
    const calls = publishCalls.slice(before).map((body) => new URLSearchParams(body));
    expect(calls.map((call) => call.get('PhoneNumber') ?? call.get('TopicArn'))).toEqual(['+8613800006011', process.env.EMAIL_TOPIC_ARN]);
    const attributes = Object.fromEntries([1, 2].map((n) => [calls[1]?.get(`MessageAttributes.entry.${n}.Name`), calls[1]?.get(`MessageAttributes.entry.${n}.Value.StringValue`)]));
    expect(attributes).toEqual({ partnerId, address: 'sun@example.cn' });
    for (const channel of [partnerSms, partnerEmail]) {
      const entry = await logged(notificationId, channel);
      expect(entry).toMatchObject({ status: 'retrying', attempts: 1 });
      expect(entry?.lastError).toMatch(/^SNS /);
    }
  });

  it('record an offer that expired before its text was sent as skipped, and send nothing', async () => {
    process.env.SNS_ENABLED = 'true';
    process.env.AWS_ENDPOINT_URL_SNS = `http://127.0.0.1:${(sns.address() as AddressInfo).port}`;
    const { sms, notificationId } = await notified(anOffer({ createdAt: new Date(Date.now() - 20 * 60_000).toISOString(), expiresAt: new Date(Date.now() - 1000).toISOString() }));
    const before = publishCalls.length;
    expect(await invoke(sendText, 'sendText', queueEvent('sendText', [sms]))).toEqual({ batchItemFailures: [] });
    expect(publishCalls.length).toBe(before);
    expect(await logged(notificationId, partnerSms)).toMatchObject({ status: 'skipped', reason: 'the offer expired before it could be delivered' });
  });
});

describe("the bundled deliveries' reader", () => {
  it('moves a message left on its queue for an SMS channel to the text outbox', async () => {
    const offer = anOffer();
    const notification = buildNotification({ event: 'offer.created', offer, partner: { id: partnerId, name: { zh: '孙师傅' } }, district: loadDistrictFile('demo'), occurredAt: offer.createdAt });
    const [message] = deliveryMessagesOf(notification, [channelKey(partnerSms)], new Date().toISOString());
    if (!message) throw new Error('no message');
    // The standard queue's event, the same message received twice (SQS delivers at least once).
    const received = (receiveCount: number): SQSEvent['Records'][number] => ({
      messageId: randomUUID(),
      receiptHandle: `AQEB${randomUUID()}`,
      body: deliveryMessageBody(message),
      attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: String(Date.now()), SenderId: 'AROAEXAMPLE:CommunityPartners-demo-NotifyPartner', ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: 'not-checked',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-east-1:123456789012:CommunityPartners-demo-partnerDeliveries',
      awsRegion: 'ap-east-1',
    });
    expect(await invoke(deliverToChannel, 'partnerDeliveries', { Records: [received(1), received(2)] })).toEqual({ batchItemFailures: [] });
    expect(await textItem(`${notification.id}.${channelKey(partnerSms)}`)).toMatchObject({ status: 'queued', to: '13800006011', purpose: 'partnerOffer', subject: partnerId });
  });
});
