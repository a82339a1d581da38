/**
 * Shard lineage, which DynamoDB Local cannot be made to produce on demand: a stand-in for the
 * DynamoDB Streams API with a closed parent shard and its child. The integration tests cover the
 * rest of the poller against DynamoDB Local itself.
 */
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { silentLog } from '#infra/local/log.ts';
import { startStreamPoller } from '#infra/local/stream-poller.ts';

function record(sequenceNumber: number): _Record {
  return {
    eventID: `event-${sequenceNumber}`,
    eventName: 'MODIFY',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'local',
    dynamodb: {
      ApproximateCreationDateTime: new Date(),
      Keys: { pk: { S: 'NEED#1' }, sk: { S: 'NEED' } },
      NewImage: { pk: { S: 'NEED#1' }, sk: { S: 'NEED' }, version: { N: String(sequenceNumber) } },
      SequenceNumber: String(sequenceNumber).padStart(21, '0'),
      SizeBytes: 20,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** Shards listed child first, to show the order comes from lineage, not from the listing. */
function fakeStreams(calls: string[]): DynamoDBStreamsClient {
  const records: Record<string, _Record[]> = { parent: [1, 2, 3].map(record), child: [4, 5].map(record) };
  const send = async (command: unknown) => {
    if (command instanceof DescribeStreamCommand) {
      return {
        StreamDescription: {
          Shards: [
            { ShardId: 'child', ParentShardId: 'parent', SequenceNumberRange: { StartingSequenceNumber: '4' } },
            { ShardId: 'parent', SequenceNumberRange: { StartingSequenceNumber: '1', EndingSequenceNumber: '3' } },
          ],
        },
      };
    }
    if (command instanceof GetShardIteratorCommand) {
      calls.push(`iterator ${command.input.ShardId}`);
      return { ShardIterator: `${command.input.ShardId}|0` };
    }
    if (command instanceof GetRecordsCommand) {
      const [shardId = '', position = '0'] = (command.input.ShardIterator ?? '').split('|');
      const page = (records[shardId] ?? []).slice(Number(position), Number(position) + 2);
      const next = Number(position) + page.length;
      const closed = shardId === 'parent' && next >= (records.parent?.length ?? 0);
      return { Records: page, NextShardIterator: closed ? undefined : `${shardId}|${next}` };
    }
    throw new Error(`unexpected command ${String(command)}`);
  };
  return { send } as unknown as DynamoDBStreamsClient;
}

describe('stream poller shard lineage', () => {
  it('reads a child shard only after its closed parent is finished, keeping the order of one item', async () => {
    const calls: string[] = [];
    const versions: string[] = [];
    const poller = await startStreamPoller({
      streams: fakeStreams(calls),
      streamArn: 'arn:aws:dynamodb:local:000000000000:table/t/stream/now',
      consumers: [
        { name: 'ordered', handler: 'ordered', filters: [], batchSize: 10, retryAttempts: 0, maxRecordAgeSeconds: -1, description: '' },
      ],
      loadHandler: async () => async (event: unknown) => {
        for (const item of (event as DynamoDBStreamEvent).Records) versions.push(item.dynamodb?.NewImage?.version?.N ?? '?');
      },
      pollIntervalMs: 10,
      log: silentLog,
    });
    await poller.drain(5000);
    await poller.stop();
    expect(versions).toEqual(['1', '2', '3', '4', '5']);
    expect(calls).toEqual(['iterator parent', 'iterator child']);
  });
});
