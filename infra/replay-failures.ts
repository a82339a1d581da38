/**
 * `npm run replay-failures -- --district <id> [--region <region>] [--dry-run]`: puts what a district's
 * failure queues hold back where it failed, with the credentials of the shell (AWS SDK default chain):
 * - a consumer's failure queue (FIFO) holds whole stream records: each goes back on the consumer's
 *   own queue (the queue that dead-lettered it), in its message group, and is deleted once sent;
 * - the stream router's failure queue holds batch metadata (shard, first and last sequence number):
 *   those records are read again from the table stream (it keeps them 24 hours) and routed to every
 *   consumer whose filters admit them, as the router does;
 * - a schedule's failure queue holds missed runs, which the next run covers: counted, left alone.
 * Replaying is safe to repeat: every consumer is idempotent on the record (conditional writes).
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GetRecordsCommand, GetShardIteratorCommand, DynamoDBStreamsClient, type _Record } from '@aws-sdk/client-dynamodb-streams';
import {
  DeleteMessageCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { DynamoDBRecord } from 'aws-lambda';
import { routedMessages } from '../lib/streams/fan-out.ts';
import { streamConsumers } from '../lib/topology/topology.ts';
import { districtStackName } from './district-stack.ts';
import { consumerQueueName } from './stream-consumer.ts';
import { toLambdaRecord } from './local/stream-records.ts';

export type FailureQueueKind = 'consumer' | 'router' | 'schedule';

/**
 * What a failure queue of the stack is: a consumer's (SQS names the queue it dead-letters for),
 * the stream router's or a schedule's (by the construct id CloudFormation puts in the name).
 */
export function failureQueueKind(url: string, hasSourceQueue: boolean): FailureQueueKind | undefined {
  const name = url.slice(url.lastIndexOf('/') + 1);
  if (hasSourceQueue) return 'consumer';
  if (name.includes('RouterFailures')) return 'router';
  if (name.includes('ScheduleFailures')) return 'schedule';
  return undefined;
}

/** The queue of the consumer named `consumer` among the stack's queues (infra/stream-consumer.ts names them). */
export function consumerQueueOf(stack: string, consumer: string, urls: readonly string[]): string | undefined {
  return urls.find((url) => url.endsWith(`/${consumerQueueName(stack, consumer)}`));
}

/** The stream position a Lambda on-failure record names (DynamoDB stream event source). */
export function streamBatchOf(body: string): { streamArn: string; shardId: string; start: string; end: string } {
  const info = (JSON.parse(body) as { DDBStreamBatchInfo?: Record<string, unknown> }).DDBStreamBatchInfo;
  const text = (name: string) => {
    const value = info?.[name];
    if (typeof value !== 'string' || value === '') throw new Error(`the failure record has no DDBStreamBatchInfo.${name}`);
    return value;
  };
  return { streamArn: text('streamArn'), shardId: text('shardId'), start: text('startSequenceNumber'), end: text('endSequenceNumber') };
}

async function* drain(sqs: SQSClient, queueUrl: string) {
  for (let round = 0; round < 1000; round += 1) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['MessageGroupId'],
      }),
    );
    if (Messages.length === 0) return;
    yield* Messages;
  }
}

async function streamRecords(streams: DynamoDBStreamsClient, batch: ReturnType<typeof streamBatchOf>): Promise<DynamoDBRecord[]> {
  const records: DynamoDBRecord[] = [];
  let { ShardIterator: iterator } = await streams.send(
    new GetShardIteratorCommand({
      StreamArn: batch.streamArn,
      ShardId: batch.shardId,
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      SequenceNumber: batch.start,
    }),
  );
  for (let reads = 0; iterator && reads < 100; reads += 1) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    for (const record of page.Records ?? ([] as _Record[])) {
      const sequence = BigInt(record.dynamodb?.SequenceNumber ?? '0');
      if (sequence > BigInt(batch.end)) return records;
      records.push(toLambdaRecord(record, batch.streamArn));
    }
    if ((page.Records ?? []).length === 0) break;
    iterator = page.NextShardIterator;
  }
  return records;
}

export async function replayFailures(options: { district: string; region?: string; dryRun: boolean }): Promise<void> {
  const config = options.region ? { region: options.region } : {};
  const sqs = new SQSClient(config);
  const streams = new DynamoDBStreamsClient(config);
  const stack = districtStackName(options.district);
  const { QueueUrls: urls = [] } = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: stack, MaxResults: 1000 }));
  const act = options.dryRun ? 'would replay' : 'replayed';
  for (const url of urls) {
    const { queueUrls: sources = [] } = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: url }));
    const kind = failureQueueKind(url, sources.length > 0);
    if (!kind) continue;
    let count = 0;
    const source = sources[0];
    if (kind === 'consumer' && source) {
      for await (const message of drain(sqs, url)) {
        count += 1;
        if (options.dryRun) continue;
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: source,
            MessageBody: message.Body ?? '',
            MessageGroupId: message.Attributes?.MessageGroupId ?? 'replay',
            MessageDeduplicationId: `replay-${message.MessageId}`.slice(0, 128),
          }),
        );
        await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
      }
    } else if (kind === 'router') {
      for await (const message of drain(sqs, url)) {
        const records = await streamRecords(streams, streamBatchOf(message.Body ?? '{}'));
        for (const record of records) {
          for (const routed of routedMessages(record, streamConsumers)) {
            const queue = consumerQueueOf(stack, routed.consumer, urls);
            if (!queue) throw new Error(`no queue for consumer ${routed.consumer} in ${stack}`);
            count += 1;
            if (options.dryRun) continue;
            await sqs.send(
              new SendMessageCommand({
                QueueUrl: queue,
                MessageBody: routed.body,
                MessageGroupId: routed.groupId,
                MessageDeduplicationId: routed.deduplicationId,
              }),
            );
          }
        }
        if (!options.dryRun) await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
      }
    } else {
      for await (const _ of drain(sqs, url)) count += 1;
      console.log(`${url}: ${count} missed schedule run(s); the next run covers them (left in the queue until they expire).`);
      continue;
    }
    console.log(`${url}: ${act} ${count} record(s).`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { district: { type: 'string' }, region: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  if (!values.district) {
    console.error('Usage: npm run replay-failures -- --district <id> [--region <region>] [--dry-run]');
    process.exit(2);
  }
  await replayFailures({
    district: values.district,
    ...(values.region ? { region: values.region } : {}),
    dryRun: values['dry-run'] ?? false,
  });
}
