/**
 * The district's single table, built from the shared plain-data definition in
 * lib/data/table-definition.ts (DynamoDB Local's table is built from the same definition).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { tableDefinition } from '../lib/data/table-definition.ts';

const streamViews = {
  NEW_AND_OLD_IMAGES: StreamViewType.NEW_AND_OLD_IMAGES,
} as const satisfies Record<typeof tableDefinition.streamView, StreamViewType>;

function stringKey(name: string) {
  return { name, type: AttributeType.STRING };
}

export function createDistrictTable(scope: Construct, id: string): TableV2 {
  return new TableV2(scope, id, {
    partitionKey: stringKey(tableDefinition.partitionKey),
    sortKey: stringKey(tableDefinition.sortKey),
    billing: Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    dynamoStream: streamViews[tableDefinition.streamView],
    timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
    globalSecondaryIndexes: tableDefinition.indexes.map((index) => ({
      indexName: index.name,
      partitionKey: stringKey(index.partitionKey),
      sortKey: stringKey(index.sortKey),
      projectionType: ProjectionType.ALL,
    })),
    // The table holds residents' needs and partners' history: never delete it with the stack.
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
  });
}
