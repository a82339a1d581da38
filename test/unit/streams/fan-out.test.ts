import type { Context, DynamoDBRecord, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { consumersOf, routedMessages } from '#lib/streams/fan-out.ts';
import { streamHandler } from '#lib/streams/stream-handler.ts';
import { streamConsumers } from '#lib/topology/topology.ts';

function record(eventName: 'INSERT' | 'MODIFY', pk: string, sequenceNumber: string, newImage: object, oldImage?: object): DynamoDBRecord {
  return {
    eventID: `event-${sequenceNumber}`,
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { pk: { S: pk }, sk: { S: 'X' } },
      SequenceNumber: sequenceNumber,
      NewImage: newImage,
      ...(oldImage ? { OldImage: oldImage } : {}),
    },
  } as DynamoDBRecord;
}

const needInsert = record('INSERT', 'NEED#n1', '100', { type: { S: 'need' } });
const offerInsert = record('INSERT', 'NEED#n1', '101', { type: { S: 'offer' }, status: { S: 'open' } });
const offerDeclined = record('MODIFY', 'NEED#n1', '102', { type: { S: 'offer' }, status: { S: 'declined' } }, { status: { S: 'open' } });
const partnerUpdate = record('MODIFY', 'PARTNER#p1', '103', { type: { S: 'partner' } }, { type: { S: 'partner' } });
const textQueued = record('INSERT', 'TEXT#confirm:n1:1', '104', { type: { S: 'textMessage' }, status: { S: 'queued' } });
const textSent = record('MODIFY', 'TEXT#confirm:n1:1', '105', { type: { S: 'textMessage' }, status: { S: 'sent' } }, { type: { S: 'textMessage' }, status: { S: 'sending' } });
const alertWritten = record('INSERT', 'OPERATORS#2026-12', '106', { type: { S: 'operatorAlert' }, kind: { S: 'watchdog' } });

describe('stream fan-out', () => {
  it('routes each record to exactly the consumers whose declared filters admit it', () => {
    expect(consumersOf(needInsert, streamConsumers).map((consumer) => consumer.name)).toEqual(['matchNewNeed', 'countForReports']);
    expect(consumersOf(offerInsert, streamConsumers).map((consumer) => consumer.name)).toEqual(['notifyPartner']);
    expect(consumersOf(offerDeclined, streamConsumers).map((consumer) => consumer.name)).toEqual(['rematchLapsedOffer']);
    expect(consumersOf(partnerUpdate, streamConsumers)).toEqual([]);
  });

  it('hands a queued text to the text sender only, and its claim and outcome (MODIFY) to no one; an alert to the alert consumer only', () => {
    expect(consumersOf(textQueued, streamConsumers).map((consumer) => consumer.name)).toEqual(['sendText']);
    expect(consumersOf(textSent, streamConsumers)).toEqual([]);
    expect(consumersOf(alertWritten, streamConsumers).map((consumer) => consumer.name)).toEqual(['deliverAlert']);
  });

  it('keeps the record whole, grouped by item key and deduplicated by sequence number', () => {
    const [message] = routedMessages(offerInsert, streamConsumers);
    expect(message).toEqual({ consumer: 'notifyPartner', groupId: 'NEED#n1', deduplicationId: '101', body: JSON.stringify(offerInsert) });
    expect(JSON.parse(message?.body ?? '{}')).toEqual(offerInsert);
  });

  it('hands the text sender only the text’s keys: the phone number and the text stay out of its queue and failure queue', () => {
    const withNumber = record('INSERT', 'TEXT#confirm:n1:1', '107', {
      type: { S: 'textMessage' },
      status: { S: 'queued' },
      to: { S: '13800138000' },
      text: { S: '您的验证码：123456' },
    });
    const [message] = routedMessages(withNumber, streamConsumers);
    expect(message?.consumer).toBe('sendText');
    expect(message?.body).not.toContain('13800138000');
    expect(message?.body).not.toContain('123456');
    expect(JSON.parse(message?.body ?? '{}')).toEqual({
      ...withNumber,
      dynamodb: { Keys: withNumber.dynamodb?.Keys, SequenceNumber: '107', StreamViewType: 'KEYS_ONLY' },
    });
  });

  it('refuses a record without a key or sequence number rather than guessing a group', () => {
    expect(() => routedMessages({ eventName: 'INSERT', dynamodb: { NewImage: { type: { S: 'need' } } } }, streamConsumers)).toThrow(
      /no pk/,
    );
  });
});

function message(id: string, group: string, body: DynamoDBRecord): SQSRecord {
  return {
    messageId: id,
    body: JSON.stringify(body),
    eventSource: 'aws:sqs',
    attributes: { MessageGroupId: group },
  } as unknown as SQSRecord;
}

const context = { functionName: 'test', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

describe('a consumer reading its queue', () => {
  it("hands each message's stream record to the record handler in order, and fails only the failing need's group", async () => {
    const seen: string[] = [];
    const handler = streamHandler(async (streamRecord) => {
      const key = streamRecord.dynamodb?.Keys?.pk?.S ?? '?';
      seen.push(`${key}@${streamRecord.dynamodb?.SequenceNumber}`);
      if (streamRecord.dynamodb?.SequenceNumber === '2') throw new Error('expected in this test');
    });
    const event: SQSEvent = {
      Records: [
        message('m1', 'NEED#a', record('INSERT', 'NEED#a', '1', { type: { S: 'need' } })),
        message('m2', 'NEED#b', record('INSERT', 'NEED#b', '2', { type: { S: 'need' } })),
        message('m3', 'NEED#b', record('MODIFY', 'NEED#b', '3', { type: { S: 'need' } })),
        message('m4', 'NEED#c', record('INSERT', 'NEED#c', '4', { type: { S: 'need' } })),
      ],
    };
    const response = await handler(event, context);
    expect(seen).toEqual(['NEED#a@1', 'NEED#b@2', 'NEED#c@4']);
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['m2', 'm3']);
  });

  it('fails a message that carries no stream record (alone in its batch: the whole batch, so the queue retries it)', async () => {
    let called = false;
    const handler = streamHandler(async () => {
      called = true;
    });
    const bad = {
      messageId: 'x',
      body: '{"hello":1}',
      eventSource: 'aws:sqs',
      attributes: { MessageGroupId: 'g' },
    } as unknown as SQSRecord;
    await expect(handler({ Records: [bad] }, context)).rejects.toThrow(/All records failed/);
    expect(called).toBe(false);
  });
});
