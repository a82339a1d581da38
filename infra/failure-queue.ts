/**
 * An SQS queue that receives what a reader gave up on: a consumer queue's messages after their
 * retries (each the whole stream record, so `npm run replay-failures` can put it back), the stream
 * router's batch metadata after its retries (shard and sequence numbers: replayed from the stream
 * within its 24 hours), a schedule's invocation after its retries. Its depth is alarmed.
 */
import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledgeFinding } from './nag.ts';

export function createFailureQueue(scope: Construct, id: string, of: string, options: { fifo?: boolean } = {}): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    ...(options.fifo ? { fifo: true } : {}),
  });
  acknowledgeFinding(
    queue,
    'AwsSolutions-SQS3',
    `This queue is itself the dead-letter (on-failure) destination of ${of}; its depth is alarmed and operators replay it (npm run replay-failures), so a further dead-letter queue would never receive anything.`,
  );
  return queue;
}
