/**
 * The single table's shape, as plain data. infra/district-stack.ts builds the CDK TableV2 from it
 * and infra/local/create-table.ts builds DynamoDB Local's CreateTable request from it, so both
 * environments have the same keys and indexes. The access patterns these serve are in ./keys.ts.
 */
export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB deletes the item some time after. Only for items whose loss is harmless. */
  timeToLiveAttribute: 'ttl',
  streamView: 'NEW_AND_OLD_IMAGES',
  indexes: [
    { name: 'partnersByCategory', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'workQueues', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { name: 'itemsByOwner', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const satisfies {
  partitionKey: string;
  sortKey: string;
  timeToLiveAttribute: string;
  streamView: 'NEW_AND_OLD_IMAGES';
  indexes: readonly IndexDefinition[];
};

export type IndexName = (typeof tableDefinition.indexes)[number]['name'];
