/**
 * A stream consumer, built from its declaration in lib/topology/topology.ts: its own FIFO queue,
 * fed by the stream router (infra/stream-fan-out.ts), read by the house function with partial batch
 * responses; a message that fails 1 + `retryAttempts` times moves to the consumer's failure queue
 * with the whole stream record. Message groups are item keys: one need's records in order, other
 * needs in parallel. Each consumer fails, retries and sets aside on its own.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DistrictConfig } from '../lib/district/district-config.ts';
import { dataAccessOf } from '../lib/topology/data-access.ts';
import type { StreamConsumerDeclaration } from '../lib/topology/topology.ts';
import { createFailureQueue } from './failure-queue.ts';
import { HouseFunction } from './house-function.ts';

export interface StreamConsumerProps {
  consumer: StreamConsumerDeclaration;
  table: ITableV2;
  district: DistrictConfig;
}

const functionTimeout = Duration.seconds(30);

/** `CommunityPartners-demo-matchNewNeed.fifo`: at most 80 characters, as SQS allows. */
export function consumerQueueName(stackName: string, consumer: string): string {
  const name = `${stackName}-${consumer}.fifo`;
  if (name.length > 80) throw new Error(`Queue name ${name} is over 80 characters: shorten the district id or the consumer name`);
  return name;
}

export class StreamConsumer extends Construct {
  readonly declaration: StreamConsumerDeclaration;
  readonly function: HouseFunction;
  readonly queue: Queue;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: StreamConsumerProps) {
    super(scope, id);
    const { consumer, table } = props;
    this.declaration = consumer;

    this.function = new HouseFunction(this, 'Function', {
      handler: consumer.handler,
      district: props.district,
      description: consumer.description,
      timeout: functionTimeout,
    }).bindTable(table, dataAccessOf(consumer.handler));

    this.failures = createFailureQueue(this, 'Failures', `the "${consumer.name}" stream consumer`, { fifo: true });
    this.queue = new Queue(this, 'Queue', {
      // Named, so that npm run replay-failures finds each consumer's queue (infra/replay-failures.ts).
      queueName: consumerQueueName(Stack.of(this).stackName, consumer.name),
      fifo: true,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's advice for a Lambda-read queue: six times the function's timeout.
      visibilityTimeout: Duration.seconds(functionTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.failures, maxReceiveCount: consumer.retryAttempts + 1 },
    });

    this.function.addEventSource(
      new SqsEventSource(this.queue, {
        // A FIFO queue hands Lambda at most 10 messages a batch.
        batchSize: Math.min(consumer.batchSize, 10),
        reportBatchItemFailures: true,
      }),
    );
  }
}
