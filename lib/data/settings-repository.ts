/**
 * The district's settings item and its change history (keys in ./keys.ts). A change writes the new
 * settings and its history entry in one transaction, conditional on the version it was based on.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type DistrictSettings, districtSettingsSchema, type SettingsChange, type SettingsRecord } from '../settings/district-settings.ts';
import { logger } from '../observability/logger.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { settingsChangeKey, settingsChangeSortKeyPrefix, settingsKey } from './keys.ts';
import { failedConditions, sendTransaction } from './transactions.ts';

const table = tableName();

export class StaleSettings extends Error {}

/**
 * The stored settings, or undefined while nobody has changed the district file's values. Settings
 * this deployment's schema no longer accepts come back without `settings` (the version stays, so
 * operators can still replace them).
 */
export async function getStoredSettings(consistent = false): Promise<(Omit<SettingsRecord, 'settings'> & { settings?: DistrictSettings }) | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: settingsKey(), ConsistentRead: consistent }));
  if (!Item) return undefined;
  // Parsed at the table boundary: an item written by an older version gets today's defaults.
  const parsed = districtSettingsSchema.safeParse(Item.settings);
  if (!parsed.success) {
    // A deployment whose schema no longer accepts the stored settings keeps matching on the file's.
    logger.error('stored district settings no longer valid; using the district file', { version: Item.version, issues: parsed.error.issues });
  }
  return {
    ...(parsed.success ? { settings: parsed.data } : {}),
    version: Number(Item.version),
    updatedAt: String(Item.updatedAt),
    updatedBy: String(Item.updatedBy),
  };
}

export async function saveSettings(settings: DistrictSettings, change: SettingsChange, basedOnVersion: number): Promise<void> {
  try {
    await sendTransaction([
      {
        Put: {
          TableName: table,
          Item: { ...settingsKey(), type: 'settings', settings, version: change.version, updatedAt: change.at, updatedBy: change.by },
          ConditionExpression: basedOnVersion === 0 ? 'attribute_not_exists(pk)' : '#version = :based',
          ...(basedOnVersion === 0 ? {} : { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':based': basedOnVersion } }),
        },
      },
      { Put: { TableName: table, Item: { ...settingsChangeKey(change.version), type: 'settingsChange', ...change }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
  } catch (error) {
    if (failedConditions(error)?.some(Boolean)) throw new StaleSettings(`settings changed since version ${basedOnVersion}`);
    throw error;
  }
}

export async function settingsChanges(limit: number): Promise<SettingsChange[]> {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': settingsKey().pk, ':prefix': settingsChangeSortKeyPrefix },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => ({
    version: Number(item.version),
    by: String(item.by),
    at: String(item.at),
    reason: String(item.reason),
    changed: item.changed as SettingsChange['changed'],
  }));
}
