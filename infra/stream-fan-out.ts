/**
 * The table stream's fan-out: one reader per shard (the router), whatever the number of consumers
 * the topology declares (AWS advises at most two readers per DynamoDB stream shard). The router puts
 * each record on the FIFO queue of every consumer whose filters admit it; each consumer
 * (infra/stream-consumer.ts) keeps its own batch size, retries and failure queue. Built from the
 * declarations alone: a consumer added to lib/topology/topology.ts gets its queue here.
 */
import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DistrictConfig } from '../lib/district/district-config.ts';
import type { StreamConsumerDeclaration } from '../lib/topology/topology.ts';
import { createFailureQueue } from './failure-queue.ts';
import { HouseFunction } from './house-function.ts';
import { StreamConsumer } from './stream-consumer.ts';

export const routerHandler = 'streams/route-stream-records';

export interface StreamFanOutProps {
  consumers: readonly StreamConsumerDeclaration[];
  table: ITableV2;
  district: DistrictConfig;
  /** Construct id of a consumer, from its name. */
  idOf: (name: string) => string;
}

export class StreamFanOut extends Construct {
  readonly router: HouseFunction;
  readonly routerFailures: Queue;
  readonly consumers: readonly StreamConsumer[];

  constructor(scope: Construct, id: string, props: StreamFanOutProps) {
    super(scope, id);
    const { table, district } = props;
    this.consumers = props.consumers.map(
      (consumer) => new StreamConsumer(scope, `${props.idOf(consumer.name)}Consumer`, { consumer, table, district }),
    );

    this.router = new HouseFunction(this, 'Router', {
      handler: routerHandler,
      district,
      description: 'Reads the table stream and puts each record on the queue of every consumer whose filters admit it.',
      timeout: Duration.seconds(30),
    });
    const queueUrls: Record<string, string> = {};
    for (const consumer of this.consumers) {
      consumer.queue.grantSendMessages(this.router);
      queueUrls[consumer.declaration.name] = consumer.queue.queueUrl;
    }
    this.router.addEnvironment('CONSUMER_QUEUES', JSON.stringify(queueUrls));

    this.routerFailures = createFailureQueue(this, 'RouterFailures', 'the stream router');
    this.router.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 10,
        // Routing fails only when SQS does: keep trying while the stream holds the record (24 hours).
        maxRecordAge: Duration.hours(24),
        // Several batches of a shard at once, still in order per item key (Lambda's parallelization
        // factor keeps one key's records in one batch sequence); the FIFO groups carry that order on.
        parallelizationFactor: 4,
        onFailure: new SqsDlq(this.routerFailures),
      }),
    );
  }
}
