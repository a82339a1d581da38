/**
 * A DynamoDB stream consumer, built from its declaration in lib/topology/topology.ts: the house
 * function, an event source mapping with the declared filters and batch size, partial-batch
 * responses, bisect-on-error, bounded retries and age, and an on-failure queue.
 */
import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DistrictConfig } from '../lib/district/district-config.ts';
import type { StreamConsumerDeclaration } from '../lib/topology/topology.ts';
import { createFailureQueue } from './failure-queue.ts';
import { HouseFunction } from './house-function.ts';

export interface StreamConsumerProps {
  consumer: StreamConsumerDeclaration;
  table: ITableV2;
  district: DistrictConfig;
}

export class StreamConsumer extends Construct {
  readonly function: HouseFunction;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: StreamConsumerProps) {
    super(scope, id);
    const { consumer, table } = props;

    this.function = new HouseFunction(this, 'Function', {
      handler: consumer.handler,
      district: props.district,
      description: consumer.description,
      timeout: Duration.seconds(30),
    }).bindTable(table, 'write');

    this.failures = createFailureQueue(this, 'Failures', `the "${consumer.name}" stream consumer`);

    this.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: consumer.batchSize,
        // The declared patterns are already in Lambda's filter-pattern form (see stream-filter.ts).
        filters: consumer.filters.map((pattern) => FilterCriteria.filter(pattern)),
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: consumer.retryAttempts,
        maxRecordAge: Duration.seconds(consumer.maxRecordAgeSeconds),
        // One batch per shard at a time keeps the per-key order the handlers rely on.
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.failures),
      }),
    );
  }
}
