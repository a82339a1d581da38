import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureTable } from '#infra/local/create-table.ts';
import { type DeadLetterStore, memoryDeadLetterStore } from '#infra/local/dead-letters.ts';
import { type DynamoDbLocal, localAwsConfig, startDynamoDbLocal } from '#infra/local/dynamodb-local.ts';
import { moduleHandlerLoader } from '#infra/local/handler-loader.ts';
import { silentLog } from '#infra/local/log.ts';
import { fileCheckpointStore } from '#infra/local/stream-checkpoints.ts';
import { type StreamPollerOptions, startStreamPoller } from '#infra/local/stream-poller.ts';
import type { StreamConsumerDeclaration } from '#lib/topology/topology.ts';
import { needInserted } from '#lib/topology/topology.ts';
import { resetStreamDeliveries, streamDeliveries } from './fixtures/stream-consumer.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

function consumer(overrides: Partial<StreamConsumerDeclaration> = {}): StreamConsumerDeclaration {
  return {
    name: 'fixture',
    handler: 'stream-consumer',
    filters: [],
    batchSize: 10,
    retryAttempts: 2,
    maxRecordAgeSeconds: 3600,
    description: 'test consumer',
    ...overrides,
  };
}

describe('local stream poller', { timeout: 60_000 }, () => {
  let dynamo: DynamoDbLocal;
  let client: DynamoDBClient;
  let documents: DynamoDBDocumentClient;
  let streams: DynamoDBStreamsClient;
  let tableCount = 0;
  let table: { tableName: string; streamArn: string };
  let deadLetters: DeadLetterStore;

  beforeAll(async () => {
    dynamo = await startDynamoDbLocal({});
    client = new DynamoDBClient(localAwsConfig(dynamo.endpoint));
    documents = DynamoDBDocumentClient.from(client);
    streams = new DynamoDBStreamsClient(localAwsConfig(dynamo.endpoint));
  }, 60_000);

  afterAll(async () => {
    client?.destroy();
    streams?.destroy();
    await dynamo?.stop();
  });

  beforeEach(async () => {
    tableCount += 1;
    table = await ensureTable(client, `poller-test-${tableCount}`);
    deadLetters = memoryDeadLetterStore();
    resetStreamDeliveries();
  });

  function poll(consumers: StreamConsumerDeclaration[], options: Partial<StreamPollerOptions> = {}) {
    return startStreamPoller({
      streams,
      streamArn: table.streamArn,
      consumers,
      loadHandler: moduleHandlerLoader(fixtures),
      deadLetters,
      retryBackoffMs: 20,
      pollIntervalMs: 50,
      log: silentLog,
      ...options,
    });
  }

  async function put(item: Record<string, unknown>) {
    await documents.send(new PutCommand({ TableName: table.tableName, Item: { sk: 'ITEM', ...item } }));
  }

  const delivered = () =>
    streamDeliveries()
      .flat()
      .map((record) => record.pk);

  it('delivers only the records the filters admit', async () => {
    const poller = await poll([consumer({ filters: [needInserted] })]);
    await put({ pk: 'NEED#1', type: 'need' });
    await put({ pk: 'PARTNER#1', type: 'partner' });
    await documents.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { pk: 'NEED#1', sk: 'ITEM' },
        UpdateExpression: 'SET seen = :yes',
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
    await put({ pk: 'NEED#2', type: 'need' });
    await poller.drain();
    await poller.stop();
    expect(delivered()).toEqual(['NEED#1', 'NEED#2']);
    expect(
      streamDeliveries()
        .flat()
        .every((record) => record.eventName === 'INSERT'),
    ).toBe(true);
  });

  it('builds records as Lambda does', async () => {
    const captured: unknown[] = [];
    const poller = await poll([consumer()], {
      loadHandler: async () => async (event: unknown) => {
        captured.push(event);
      },
    });
    await put({ pk: 'NEED#shape', type: 'need', blob: new Uint8Array([1, 2, 3]) });
    await poller.drain();
    await poller.stop();
    const record = (captured[0] as { Records: unknown[] }).Records[0];
    expect(record).toMatchObject({
      eventID: expect.any(String),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: expect.any(String),
      eventSourceARN: table.streamArn,
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: { pk: { S: 'NEED#shape' }, sk: { S: 'ITEM' } },
        NewImage: { pk: { S: 'NEED#shape' }, type: { S: 'need' }, blob: { B: 'AQID' } },
        SequenceNumber: expect.stringMatching(/^\d+$/),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
  });

  it('respects the batch size and keeps the order of the shard', async () => {
    for (let index = 1; index <= 7; index += 1) await put({ pk: `NEED#${index}`, type: 'need' });
    const poller = await poll([consumer({ batchSize: 3 })]);
    await poller.drain();
    await poller.stop();
    expect(streamDeliveries().map((batch) => batch.length)).toEqual([3, 3, 1]);
    expect(delivered()).toEqual(['NEED#1', 'NEED#2', 'NEED#3', 'NEED#4', 'NEED#5', 'NEED#6', 'NEED#7']);
  });

  it('delivers successive changes of one item in order', async () => {
    const poller = await poll([consumer({ batchSize: 2 })]);
    for (let version = 1; version <= 5; version += 1) await put({ pk: 'NEED#same', type: 'need', version });
    await poller.drain();
    await poller.stop();
    expect(
      streamDeliveries()
        .flat()
        .map((record) => record.version),
    ).toEqual(['1', '2', '3', '4', '5']);
  });

  it('retries from the failed record on a partial batch failure, without re-delivering the earlier ones', async () => {
    await put({ pk: 'NEED#1' });
    await put({ pk: 'NEED#2' });
    await put({ pk: 'NEED#3', behaviour: 'failOnce' });
    await put({ pk: 'NEED#4' });
    const poller = await poll([consumer()]);
    await poller.drain();
    await poller.stop();
    expect(streamDeliveries().map((batch) => batch.map((record) => record.pk))).toEqual([
      ['NEED#1', 'NEED#2', 'NEED#3', 'NEED#4'],
      ['NEED#3', 'NEED#4'],
    ]);
    expect(deadLetters.list()).toEqual([]);
  });

  it('sets a record that keeps failing aside in the dead-letter store after the retry attempts, and moves on', async () => {
    await put({ pk: 'NEED#1' });
    await put({ pk: 'NEED#bad', behaviour: 'failAlways' });
    await put({ pk: 'NEED#3' });
    const poller = await poll([consumer({ retryAttempts: 2 })]);
    await poller.drain();
    await poller.stop();
    expect(delivered().filter((pk) => pk === 'NEED#bad')).toHaveLength(3);
    expect(delivered().filter((pk) => pk === 'NEED#1')).toHaveLength(1);
    expect(delivered().at(-1)).toBe('NEED#3');
    const letters = deadLetters.list();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      consumer: 'fixture',
      reason: 'retryAttemptsExhausted',
      attempts: 3,
      record: { dynamodb: { Keys: { pk: { S: 'NEED#bad' } } } },
    });
  });

  it('bisects a batch whose handler throws until the failing record is alone, and dead-letters only it', async () => {
    for (const pk of ['NEED#1', 'NEED#2', 'NEED#3']) await put({ pk });
    await put({ pk: 'NEED#boom', behaviour: 'throwAlways' });
    for (const pk of ['NEED#5', 'NEED#6']) await put({ pk });
    const poller = await poll([consumer({ retryAttempts: 1 })]);
    await poller.drain();
    await poller.stop();
    const letters = deadLetters.list();
    expect(letters.map((letter) => ('record' in letter ? letter.record.dynamodb?.Keys?.pk?.S : letter.kind))).toEqual(['NEED#boom']);
    expect(letters[0]?.attempts).toBe(2);
    for (const pk of ['NEED#1', 'NEED#2', 'NEED#3', 'NEED#5', 'NEED#6']) {
      // Each good record ends in a batch that succeeds; only those batches are checkpointed.
      expect(
        streamDeliveries().some((batch) => batch.some((record) => record.pk === pk) && !batch.some((record) => record.pk === 'NEED#boom')),
      ).toBe(true);
    }
  });

  it('sets aside records older than the maximum record age without delivering them', async () => {
    await put({ pk: 'NEED#old' });
    await new Promise((done) => setTimeout(done, 20));
    const poller = await poll([consumer({ maxRecordAgeSeconds: 0.001 })]);
    await poller.drain();
    await poller.stop();
    expect(delivered()).toEqual([]);
    expect(deadLetters.list()[0]).toMatchObject({ reason: 'recordAgeExceeded', attempts: 0 });
  });

  it('resumes from its checkpoints after a restart, neither losing nor replaying records', async () => {
    const checkpointFile = join(mkdtempSync(join(tmpdir(), 'checkpoints-')), 'stream-checkpoints.json');
    await put({ pk: 'NEED#1' });
    await put({ pk: 'NEED#2' });
    const first = await poll([consumer()], { checkpoints: fileCheckpointStore(checkpointFile) });
    await first.drain();
    await first.stop();
    await put({ pk: 'NEED#3' });
    const second = await poll([consumer()], { checkpoints: fileCheckpointStore(checkpointFile) });
    await second.drain();
    await second.stop();
    expect(delivered()).toEqual(['NEED#1', 'NEED#2', 'NEED#3']);
  });

  it('feeds every consumer the whole stream independently', async () => {
    const poller = await poll([consumer({ name: 'first' }), consumer({ name: 'second', filters: [needInserted] })]);
    await put({ pk: 'NEED#1', type: 'need' });
    await put({ pk: 'PARTNER#1', type: 'partner' });
    await poller.drain();
    await poller.stop();
    expect(delivered().sort()).toEqual(['NEED#1', 'NEED#1', 'PARTNER#1']);
  });
});
