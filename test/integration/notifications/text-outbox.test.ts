/**
 * The text outbox (#12) on DynamoDB Local with the local stream poller: a new phone's code is
 * written with its need in one transaction and texted from the stream a moment later; a
 * redelivered record texts once; a send worth retrying is retried by the stream and its outcome
 * recorded; a final failure is recorded and the phone number and the text removed from the item.
 */
import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invokeHandler, type LambdaHandler } from '#infra/local/lambda-context.ts';
import type { AttemptResult } from '#lib/delivery/attempt-result.ts';
import { useTextMessageSender } from '#lib/delivery/text-message-sender.ts';
import type { TextMessage } from '#lib/messaging/text-message.ts';
import { staleClaimSeconds, textSendAttempts } from '#lib/messaging/text-outbox.ts';
import { newNeed } from '#lib/needs/need.ts';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, liftedSubmissionLimits, startLocalSystem } from '../../support/local-system.ts';

let system: LocalSystem;
// Repositories read the table's name and endpoint when first imported: after the system is up.
let outbox: typeof import('#lib/data/text-outbox-repository.ts');
let needs: typeof import('#lib/data/needs-repository.ts');
let dynamo: typeof import('#lib/data/dynamo-client.ts');
let lib: typeof import('@aws-sdk/lib-dynamodb');
let keys: typeof import('#lib/data/keys.ts');

beforeAll(async () => {
  system = await startLocalSystem({
    configureDistrict: (district) => ({ ...district, submissions: { ...liftedSubmissionLimits, confirmNewPhones: true } }),
  });
  outbox = await import('#lib/data/text-outbox-repository.ts');
  needs = await import('#lib/data/needs-repository.ts');
  dynamo = await import('#lib/data/dynamo-client.ts');
  lib = await import('@aws-sdk/lib-dynamodb');
  keys = await import('#lib/data/keys.ts');
}, 60_000);

afterEach(() => useTextMessageSender(system.outbox));

afterAll(async () => {
  await system?.stop();
});

async function textItem(dedupeKey: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo.documentClient.send(new lib.GetCommand({ TableName: system.tableName, Key: keys.textMessageKey(dedupeKey), ConsistentRead: true }));
  return Item;
}

const textsTo = (phone: string) => system.outbox.list().filter((message) => message.to === phone);

function aText(phone: string, overrides: Partial<TextMessage> = {}): TextMessage {
  return { to: phone, text: `【社区服务】测试 ${phone}`, purpose: 'residentUpdate', dedupeKey: `test.${randomUUID()}`, subject: randomUUID(), ...overrides };
}

/** The text's INSERT record, as the stream hands it to the sender. */
function insertEvent(message: TextMessage): DynamoDBStreamEvent {
  const image = marshall(outbox.textMessagePut(message, new Date()).Item, { removeUndefinedValues: true });
  return {
    Records: [
      {
        eventID: randomUUID(),
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        dynamodb: { Keys: marshall(keys.textMessageKey(message.dedupeKey)) as never, NewImage: image as never, SequenceNumber: '1', StreamViewType: 'NEW_AND_OLD_IMAGES' },
      },
    ],
  };
}

/** A sender that answers `failures` first (one per send of `dedupeKey`), then texts into the outbox. */
function failingFirst(dedupeKey: string, failures: AttemptResult[]): TextMessage[] {
  const tried: TextMessage[] = [];
  useTextMessageSender({
    name: 'flaky',
    send: async (message) => {
      if (message.dedupeKey !== dedupeKey) return system.outbox.send(message);
      tried.push(message);
      return failures[tried.length - 1] ?? system.outbox.send(message);
    },
  });
  return tried;
}

describe('a new phone number’s code', () => {
  it('is queued with its need and texted from the stream a moment later; the item then keeps only the outcome', async () => {
    const phone = '13700004001';
    const reply = await request<{ id: string; status: string }>(system.baseUrl, 'POST', '/needs', {
      body: { category: 'repairs', description: '水龙头漏水', communityId: 'hehua', contact: { name: '沈先生', phone } },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.status).toBe('awaitingConfirmation');
    await system.poller.drain();
    const texts = textsTo(phone);
    expect(texts.map((text) => ({ purpose: text.purpose, dedupeKey: text.dedupeKey, subject: text.subject }))).toEqual([
      { purpose: 'phoneConfirmation', dedupeKey: `confirm:${reply.body.id}:1`, subject: reply.body.id },
    ]);
    expect(texts[0]?.text).toMatch(/验证码：\d{6}/);
    const item = await textItem(`confirm:${reply.body.id}:1`);
    expect(item).toMatchObject({ type: 'textMessage', status: 'sent', attempts: 1, purpose: 'phoneConfirmation' });
    expect(item).not.toHaveProperty('to');
    expect(item).not.toHaveProperty('text');
    expect(JSON.stringify(item)).not.toContain(phone);
  });

  it('is written in the need’s transaction: no need without its text, no text without its need', async () => {
    const at = new Date();
    const needOf = (id: string) =>
      newNeed(
        { category: 'repairs', description: '门锁坏了', communityId: 'hehua', urgency: 'normal', specialGroups: [], contact: { name: '韩女士', phone: '13700004002' } },
        { id, districtId: system.districtId, trackingTokenHash: 'hash', correlationId: 'c', now: at, awaitingConfirmation: true },
      );
    const codeText = (id: string) => outbox.textMessagePut(aText('13700004002', { purpose: 'phoneConfirmation', dedupeKey: `confirm:${id}:1` }), at);

    // The text cannot be written (one with its key is there already): the need is not written either.
    const blocked = randomUUID();
    expect(await outbox.queueTextMessage(aText('13700004002', { dedupeKey: `confirm:${blocked}:1` }), at)).toBe(true);
    await expect(needs.createNeed(needOf(blocked), undefined, undefined, undefined, [codeText(blocked)])).rejects.toThrow();
    expect(await needs.getNeed(blocked)).toBeUndefined();

    // The need cannot be written (its id is taken): its text is not queued.
    const taken = randomUUID();
    await needs.createNeed(needOf(taken));
    await expect(needs.createNeed(needOf(taken), undefined, undefined, undefined, [codeText(taken)])).rejects.toThrow();
    expect(await textItem(`confirm:${taken}:1`)).toBeUndefined();

    // Both or neither: written together, the text is there and goes out.
    const fine = randomUUID();
    expect(await needs.createNeed(needOf(fine), undefined, undefined, undefined, [codeText(fine)])).toEqual({ created: true });
    expect(await textItem(`confirm:${fine}:1`)).toMatchObject({ status: 'queued', to: '13700004002' });
    await system.poller.drain();
    expect(await textItem(`confirm:${fine}:1`)).toMatchObject({ status: 'sent' });
  });
});

describe('the text sender', () => {
  it('texts once when the stream record is delivered again, or twice at once', async () => {
    const phone = '13700004003';
    const message = aText(phone);
    const tried = failingFirst(message.dedupeKey, []);
    const { handler } = await import('#functions/notifications/send-text-message.ts');
    expect(await outbox.queueTextMessage(message, new Date())).toBe(true);
    expect(await outbox.queueTextMessage({ ...message, text: 'a second write of the same key' }, new Date())).toBe(false);
    const invoke = () => invokeHandler(handler as LambdaHandler, insertEvent(message), { functionName: 'sendText', timeoutMs: 30_000 });
    // The poller hands the record to the sender as well, beside these two at once: one claims it; one
    // that finds the claim live fails, for the stream to deliver again; one that finds it sent is done.
    const replies = await Promise.allSettled([invoke(), invoke()]);
    for (const reply of replies) {
      if (reply.status === 'fulfilled') expect(reply.value).toEqual({ batchItemFailures: [] });
      else expect(String(reply.reason)).toMatch(/failed processing/);
    }
    await system.poller.drain();
    expect(await invoke()).toEqual({ batchItemFailures: [] });
    expect(tried).toHaveLength(1);
    expect(textsTo(phone).map((text) => text.text)).toEqual([message.text]);
    expect(await textItem(message.dedupeKey)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('takes a claim over once it is stale (its function died mid-send), and not before', async () => {
    const phone = '13700004007';
    const message = aText(phone);
    const { sendQueuedText } = await import('#lib/use-cases/send-text-message.ts');
    // Queued and claimed as if by a delivery that then died: the poller's own delivery meets that claim.
    const put = outbox.textMessagePut(message, new Date());
    await dynamo.documentClient.send(new lib.PutCommand({ ...put, Item: { ...put.Item, status: 'sending', attempts: 1, claimedAt: new Date().toISOString() } }));
    await expect(sendQueuedText(message.dedupeKey)).rejects.toThrow(/being sent by another delivery/);
    const later = () => new Date(Date.now() + (staleClaimSeconds + 1) * 1000);
    expect(await sendQueuedText(message.dedupeKey, later)).toBe('sent');
    expect(await sendQueuedText(message.dedupeKey, later)).toBe('notQueued');
    expect(textsTo(phone)).toHaveLength(1);
    expect(await textItem(message.dedupeKey)).toMatchObject({ status: 'sent', attempts: 2 });
    await system.poller.drain();
  });

  it('retries a send that failed for a reason worth retrying, through the stream, and records the outcome', async () => {
    const phone = '13700004004';
    const message = aText(phone);
    const busy: AttemptResult = { ok: false, error: 'SNS Throttling: rate exceeded', retryable: true };
    const tried = failingFirst(message.dedupeKey, [busy, busy]);
    await outbox.queueTextMessage(message, new Date());
    await system.poller.drain();
    expect(tried).toHaveLength(3);
    expect(textsTo(phone)).toHaveLength(1);
    const item = await textItem(message.dedupeKey);
    expect(item).toMatchObject({ status: 'sent', attempts: 3, lastError: 'SNS Throttling: rate exceeded' });
    expect(item).not.toHaveProperty('to');
    expect(system.deadLetters.list().filter((letter) => JSON.stringify(letter).includes(message.dedupeKey))).toEqual([]);
  });

  it('gives up after its attempts, recording the failure and removing the number, and sets the record aside for the alarm', async () => {
    const phone = '13700004005';
    const message = aText(phone);
    const down: AttemptResult = { ok: false, error: 'SNS InternalError: try again', retryable: true };
    const tried = failingFirst(message.dedupeKey, Array.from({ length: textSendAttempts + 2 }, () => down));
    await outbox.queueTextMessage(message, new Date());
    await system.poller.drain();
    expect(tried).toHaveLength(textSendAttempts);
    expect(textsTo(phone)).toEqual([]);
    const item = await textItem(message.dedupeKey);
    expect(item).toMatchObject({ status: 'failed', attempts: textSendAttempts, lastError: `gave up after ${textSendAttempts} attempts: SNS InternalError: try again` });
    expect(item).not.toHaveProperty('to');
    expect(item).not.toHaveProperty('text');
    // The record is in the failure store (in the cloud the consumer's failure queue, whose depth is alarmed); replayed, it sends nothing.
    const [letter] = system.deadLetters.list().filter((entry) => JSON.stringify(entry).includes(message.dedupeKey));
    expect(letter).toMatchObject({ consumer: 'sendText', reason: 'retryAttemptsExhausted' });
    const { sendQueuedText } = await import('#lib/use-cases/send-text-message.ts');
    expect(await sendQueuedText(message.dedupeKey)).toBe('notQueued');
    expect(tried).toHaveLength(textSendAttempts);
  });

  it('records a final failure at once, without the number the provider quoted, and removes the number and the text', async () => {
    const phone = '13700004006';
    const message = aText(phone);
    const refused: AttemptResult = { ok: false, error: `SNS InvalidParameter: Invalid parameter: PhoneNumber Reason: +86${phone} is not valid`, retryable: false };
    const tried = failingFirst(message.dedupeKey, [refused]);
    await outbox.queueTextMessage(message, new Date());
    await system.poller.drain();
    expect(tried).toHaveLength(1);
    const item = await textItem(message.dedupeKey);
    expect(item).toMatchObject({ status: 'failed', attempts: 1 });
    expect(String(item?.lastError)).toContain('SNS InvalidParameter');
    expect(JSON.stringify(item)).not.toContain(phone);
    expect(item).not.toHaveProperty('text');
  });
});
