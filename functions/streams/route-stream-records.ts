/**
 * The table stream's one reader: each record goes, whole, to the FIFO queue of every consumer whose
 * declared filters admit it (lib/streams/fan-out.ts). The queues' URLs come from CONSUMER_QUEUES
 * (`{ "<consumer name>": "<queue url>" }`, set by infra/stream-fan-out.ts).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '#lib/observability/logger.ts';
import { routedMessages } from '#lib/streams/fan-out.ts';
import { streamConsumers } from '#lib/topology/topology.ts';

const queueUrls = JSON.parse(process.env.CONSUMER_QUEUES ?? '{}') as Record<string, string>;
const routed = streamConsumers.filter((consumer) => queueUrls[consumer.name]);
const sqs = new SQSClient({});

export async function routeRecord(record: DynamoDBRecord): Promise<void> {
  for (const message of routedMessages(record, routed)) {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrls[message.consumer],
        MessageBody: message.body,
        MessageGroupId: message.groupId,
        MessageDeduplicationId: message.deduplicationId,
      }),
    );
  }
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event, context) =>
    // A processor per invocation: its state is the batch's, and invocations may run at once (the local runtime).
    processPartialResponse(event, routeRecord, new BatchProcessor(EventType.DynamoDBStreams), { context, processInParallel: false }),
  );
