/**
 * The standard wrapper of a stream consumer. In the cloud one router reads the table's stream and
 * puts each record, as it came, on the FIFO queue of every consumer whose filters it matches
 * (functions/streams/route-stream-records.ts, infra/stream-fan-out.ts); the consumer reads its queue,
 * so its event is an SQS event whose bodies are stream records, grouped by item key. The local runtime
 * hands consumers the stream records directly (infra/local/stream-poller.ts). Either way records are
 * handled one at a time in order, and failures are reported per record (partial batch response):
 * from a queue, a failed record fails the rest of its message group only, so other needs go on.
 */
import { BatchProcessor, EventType, processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../observability/logger.ts';

export type RecordHandler = (record: DynamoDBRecord, context?: Context) => Promise<void>;

/** What a consumer is invoked with: the stream's records (locally) or its queue's messages (cloud). */
export type ConsumerEvent = DynamoDBStreamEvent | SQSEvent;

export function isQueueEvent(event: ConsumerEvent): event is SQSEvent {
  return event.Records[0]?.eventSource === 'aws:sqs';
}

/** The stream record a queue message carries (the router sends records as they came). */
export function streamRecordOf(message: SQSRecord): DynamoDBRecord {
  const record: unknown = JSON.parse(message.body);
  if (typeof record !== 'object' || record === null || !('dynamodb' in record)) {
    throw new Error(`message ${message.messageId} carries no stream record`);
  }
  return record as DynamoDBRecord;
}

/** Processors are made per invocation: their state is the batch's, and invocations may run at once (the local runtime). */
export function streamHandler(handleRecord: RecordHandler) {
  return middy<ConsumerEvent, DynamoDBBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event, context) => {
      if (isQueueEvent(event)) {
        return processPartialResponse(
          event,
          (message: SQSRecord) => handleRecord(streamRecordOf(message), context),
          new SqsFifoPartialProcessorAsync(),
          {
            context,
            skipGroupOnError: true,
          },
        );
      }
      return processPartialResponse(
        event,
        (record: DynamoDBRecord) => handleRecord(record, context),
        new BatchProcessor(EventType.DynamoDBStreams),
        {
          context,
          processInParallel: false,
        },
      );
    });
}

/** The record's new image as a plain object (the Lambda event carries DynamoDB JSON). */
export function newImageOf(record: DynamoDBRecord): Record<string, unknown> | undefined {
  const image = record.dynamodb?.NewImage;
  // aws-lambda's AttributeValue type and the SDK's are the same wire shape, declared twice.
  return image ? unmarshall(image as Record<string, AttributeValue>) : undefined;
}

/** The record's old image (MODIFY and REMOVE records of a table streaming old images). */
export function oldImageOf(record: DynamoDBRecord): Record<string, unknown> | undefined {
  const image = record.dynamodb?.OldImage;
  return image ? unmarshall(image as Record<string, AttributeValue>) : undefined;
}
