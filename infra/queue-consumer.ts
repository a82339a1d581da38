/**
 * A queue and its reader, built from a QueueConsumerDeclaration (lib/topology/topology.ts): an SQS
 * standard queue (SSE, TLS only) whose messages move to a dead-letter queue after
 * `retry.maxReceiveCount` receives, read by the house function with partial batch responses and a
 * bounded concurrency. The function gets the retry policy (RETRY_POLICY) and the queue's URL, to keep
 * a failed message hidden for its backoff; its event source mapping's grant covers exactly that
 * (ChangeMessageVisibility on this queue). Senders are granted SendMessage with `allowSender`.
 */
import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deliveryQueueUrlVariable } from '../lib/delivery/delivery-queue.ts';
import type { DistrictConfig } from '../lib/district/district-config.ts';
import { retryPolicyVariable } from '../lib/notifications/retry-schedule.ts';
import { dataAccessOf } from '../lib/topology/data-access.ts';
import type { QueueConsumerDeclaration } from '../lib/topology/topology.ts';
import { createFailureQueue } from './failure-queue.ts';
import { HouseFunction } from './house-function.ts';

export interface QueueConsumerProps {
  consumer: QueueConsumerDeclaration;
  table: ITableV2;
  district: DistrictConfig;
}

/** What SQS and Lambda accept of a declaration, checked before anything is built. */
export function checkQueueConsumer(consumer: QueueConsumerDeclaration): void {
  const problems: string[] = [];
  if (consumer.visibilityTimeoutSeconds <= consumer.timeoutSeconds) problems.push('visibilityTimeoutSeconds must exceed timeoutSeconds');
  if (consumer.retry.requestTimeoutMs >= consumer.timeoutSeconds * 1000) problems.push('retry.requestTimeoutMs must fit in timeoutSeconds');
  if (consumer.maxConcurrency < 2 || consumer.maxConcurrency > 1000) problems.push('maxConcurrency must be 2 to 1000');
  if (consumer.batchSize < 1 || consumer.batchSize > 10) problems.push('batchSize must be 1 to 10 (without a batching window)');
  if (consumer.retry.retryDelaysSeconds.some((delay) => !Number.isInteger(delay) || delay > 43_200)) {
    problems.push('retry.retryDelaysSeconds must be whole seconds up to 12 hours (SQS visibility)');
  }
  if (problems.length > 0) throw new Error(`Queue consumer "${consumer.name}": ${problems.join('; ')}`);
}

export class QueueConsumer extends Construct {
  readonly declaration: QueueConsumerDeclaration;
  readonly function: HouseFunction;
  readonly queue: Queue;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: QueueConsumerProps) {
    super(scope, id);
    const { consumer } = props;
    checkQueueConsumer(consumer);
    this.declaration = consumer;

    this.failures = createFailureQueue(this, 'Failures', `the "${consumer.name}" queue`);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(consumer.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.failures, maxReceiveCount: consumer.retry.maxReceiveCount },
    });

    this.function = new HouseFunction(this, 'Function', {
      handler: consumer.handler,
      district: props.district,
      description: consumer.description,
      timeout: Duration.seconds(consumer.timeoutSeconds),
    }).bindTable(props.table, dataAccessOf(consumer.handler));
    this.function.addEnvironment(retryPolicyVariable, JSON.stringify(consumer.retry));
    this.function.addEnvironment(deliveryQueueUrlVariable, this.queue.queueUrl);
    this.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: consumer.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: consumer.maxConcurrency,
      }),
    );
  }

  /** Lets `fn` put messages on the queue, and tells it where the queue is. */
  allowSender(fn: HouseFunction): void {
    this.queue.grantSendMessages(fn);
    fn.addEnvironment(deliveryQueueUrlVariable, this.queue.queueUrl);
  }
}
