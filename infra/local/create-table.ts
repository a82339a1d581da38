/**
 * Creates the single table in DynamoDB Local from `tableDefinition` (the same data the CDK stack
 * reads), or brings an existing one up to it: stream on, missing indexes added, TTL on.
 * Safe to run on every start.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { type IndexDefinition, tableDefinition } from '#lib/data/table-definition.ts';
import { type LocalLog, silentLog } from './log.ts';

type TableDefinition = typeof tableDefinition;

export interface EnsuredTable {
  tableName: string;
  streamArn: string;
  created: boolean;
}

export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  definition: TableDefinition = tableDefinition,
  log: LocalLog = silentLog,
): Promise<EnsuredTable> {
  let created = false;
  let table = await describe(client, tableName);
  if (!table) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName, definition)));
      created = true;
      log('info', `created table ${tableName}`);
    } catch (error) {
      // Another process created it between our describe and create.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  table = await waitUntilActive(client, tableName);

  if (!table.StreamSpecification?.StreamEnabled) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: definition.streamView },
      }),
    );
    table = await waitUntilActive(client, tableName);
  }

  const existing = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of definition.indexes) {
    if (existing.has(index.name)) continue;
    log('info', `adding index ${index.name} to ${tableName}`);
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: attributeDefinitions(definition),
        GlobalSecondaryIndexUpdates: [{ Create: globalSecondaryIndex(index) }],
      }),
    );
    table = await waitUntilActive(client, tableName);
  }
  const declared = new Set<string>(definition.indexes.map((index) => index.name));
  for (const name of existing) {
    if (name && !declared.has(name)) log('warn', `table ${tableName} has index ${name}, which table-definition.ts no longer declares`);
  }

  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const ttlStatus = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (ttlStatus !== 'ENABLED' && ttlStatus !== 'ENABLING') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
      }),
    );
  }

  const streamArn = table.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${tableName} has no stream after enabling it`);
  return { tableName, streamArn, created };
}

export function createTableInput(tableName: string, definition: TableDefinition = tableDefinition) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributeDefinitions(definition),
    KeySchema: [
      { AttributeName: definition.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: definition.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: definition.indexes.map(globalSecondaryIndex),
    StreamSpecification: { StreamEnabled: true, StreamViewType: definition.streamView },
  };
}

/** Every key attribute is a string: the key builders in keys.ts only produce strings. */
function attributeDefinitions(definition: TableDefinition): AttributeDefinition[] {
  const names = new Set<string>([definition.partitionKey, definition.sortKey]);
  for (const index of definition.indexes) {
    names.add(index.partitionKey);
    names.add(index.sortKey);
  }
  return [...names].map((AttributeName) => ({ AttributeName, AttributeType: 'S' }));
}

function globalSecondaryIndex(index: IndexDefinition) {
  return {
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  };
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function waitUntilActive(client: DynamoDBClient, tableName: string, timeoutMs = 30_000): Promise<TableDescription> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = await describe(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return table;
    if (Date.now() > deadline) throw new Error(`Table ${tableName} did not become ACTIVE within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
