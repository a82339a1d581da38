/**
 * The standard wrapper of a DynamoDB stream consumer: records are handled one at a time in
 * order (per-key order matters to a need's lifecycle), and failures are reported per record
 * (partial batch response) so Lambda retries from the first failed record only.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../observability/logger.ts';

export type RecordHandler = (record: DynamoDBRecord) => Promise<void>;

export function streamHandler(handleRecord: RecordHandler) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event, context) => processPartialResponse(event, handleRecord, processor, { context, processInParallel: false }));
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
