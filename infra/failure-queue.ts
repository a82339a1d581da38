/**
 * An SQS queue that receives what an asynchronous invoker gave up on (a stream batch's metadata after
 * its retries, a schedule's invocation after its retries). Operators inspect and replay from it.
 */
import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledgeFinding } from './nag.ts';

export function createFailureQueue(scope: Construct, id: string, of: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledgeFinding(
    queue,
    'AwsSolutions-SQS3',
    `This queue is itself the dead-letter (on-failure) destination of ${of}; nothing consumes it automatically, so a further dead-letter queue would never receive anything.`,
  );
  return queue;
}
