/**
 * Partners in the single table: the profile item (`partnerKey`) and one capability item per
 * capability (`partnerCapabilityKey`, indexed by category for matching), written together in one
 * transaction so matching never sees a profile without its capabilities or the reverse.
 * Capability items carry what matching and the operators' list filter on (skill level, status,
 * service area), so they are rewritten with every write of the profile.
 * The profile carries its management record too (version, history, timestamps); the live standing
 * item (`partnerStandingKey`) is changed by atomic counters elsewhere and only read here.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { PartnerStanding } from '../matching/candidate.ts';
import type { AdmissionStatus } from '../partners/admission.ts';
import type { PartnerImportStore } from '../partners/import-partners.ts';
import { type Partner, partnerSchema } from '../partners/partner.ts';
import type { PartnerRecord } from '../partners/partner-record.ts';
import { currentDistrict } from '../district/current-district.ts';
import { candidateItems } from './candidate-items.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { partnerCapabilityKey, partnerKey, partnerStandingKey, partnersListIndexKey } from './keys.ts';
import { standingFromItem } from './partner-standing-items.ts';
import { checkedStartKey } from './start-keys.ts';
import { failedConditions, sendTransaction } from './transactions.ts';

export interface TableAccess {
  client: DynamoDBDocumentClient;
  table: string;
}

/** A create found the partner already there. */
export class PartnerExists extends Error {}

/** A conditional write found the profile changed since the version it was based on. */
export class StalePartner extends Error {}

const defaultAccess = (): TableAccess => ({ client: documentClient, table: tableName() });

const capabilitySortKeyPrefix = 'CAPABILITY#';

export function partnerProfileItem(record: PartnerRecord) {
  const { partner } = record;
  return {
    ...partnerKey(partner.id),
    ...partnersListIndexKey(partner.status, partner.name.zh, partner.id),
    type: 'partner',
    ...partner,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
    history: record.history,
  };
}

function capabilityItems(partner: Partner) {
  return partner.capabilities.map((capability) => ({
    ...partnerCapabilityKey(partner.id, capability.category),
    type: 'partnerCapability',
    partnerId: partner.id,
    category: capability.category,
    skillLevel: capability.skillLevel,
    status: partner.status,
    serviceArea: { communities: partner.serviceArea.communities, grids: partner.serviceArea.grids },
  }));
}

export function partnerRecordFromItem(item: Record<string, unknown>): PartnerRecord {
  // The schema drops the key, type and record attributes and catches an item of an older shape.
  const partner = partnerSchema.parse(item);
  const text = (name: string) => (typeof item[name] === 'string' ? (item[name] as string) : '');
  return {
    partner,
    // Profiles written before versions existed count as version 0.
    version: typeof item.version === 'number' ? item.version : 0,
    createdAt: text('createdAt'),
    updatedAt: text('updatedAt'),
    updatedBy: text('updatedBy'),
    history: Array.isArray(item.history) ? (item.history as PartnerRecord['history']) : [],
  };
}

/** Writes a new partner; throws PartnerExists when the id is taken. */
export async function createPartner(record: PartnerRecord, access: TableAccess = defaultAccess()): Promise<void> {
  await writePartner(record, { ConditionExpression: 'attribute_not_exists(pk)' }, [], access).catch((error: unknown) => {
    throw isConditionFailure(error) ? new PartnerExists(`partner ${record.partner.id} exists`) : error;
  });
}

/**
 * Writes the partner's new record if its profile is still at `expectedVersion`, rewriting the
 * capability items (new status, skills, area) and deleting those it no longer has, in one
 * transaction. Throws StalePartner when another write got there first.
 */
export async function savePartner(record: PartnerRecord, expectedVersion: number, access: TableAccess = defaultAccess()): Promise<void> {
  const condition =
    expectedVersion === 0
      ? {
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#version)',
          ExpressionAttributeNames: { '#version': 'version' },
        }
      : {
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        };
  const stale = await staleCapabilitySortKeys(record.partner, access);
  await writePartner(record, condition, stale, access).catch((error: unknown) => {
    throw isConditionFailure(error) ? new StalePartner(`partner ${record.partner.id} changed since version ${expectedVersion}`) : error;
  });
}

/**
 * Applies a change to the current record, re-reading and re-applying when another writer got there
 * first. `change` returns undefined when there is nothing to write. Undefined when no such partner.
 */
export async function changePartner(
  partnerId: string,
  change: (current: PartnerRecord) => PartnerRecord | undefined,
  access: TableAccess = defaultAccess(),
): Promise<{ record: PartnerRecord; changed: boolean } | undefined> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const current = await getPartnerRecord(partnerId, access);
    if (!current) return undefined;
    const next = change(current);
    if (!next) return { record: current, changed: false };
    try {
      await savePartner(next, current.version, access);
      return { record: next, changed: true };
    } catch (error) {
      if (!(error instanceof StalePartner)) throw error;
    }
  }
  throw new StalePartner(`partner ${partnerId} kept changing; giving up after 5 attempts`);
}

/**
 * Creates or replaces a partner's profile without a precondition (demo seed, tests); keeps the
 * record's history and moves its version on, so a concurrent edit based on the old one is refused.
 */
export async function putPartner(partner: Partner, access: TableAccess = defaultAccess()): Promise<void> {
  const current = await getPartnerRecord(partner.id, access);
  const at = new Date().toISOString();
  const record: PartnerRecord = current
    ? { ...current, partner, version: current.version + 1, updatedAt: at, updatedBy: 'seed' }
    : {
        partner,
        version: 1,
        createdAt: at,
        updatedAt: at,
        updatedBy: 'seed',
        history: [{ at, by: 'seed', from: null, to: partner.status, reason: 'seeded' }],
      };
  await writePartner(record, {}, await staleCapabilitySortKeys(partner, access), access);
}

/** The import's storage (lib/partners/import-partners.ts) on this table. */
export function partnerImportStore(access: TableAccess = defaultAccess()): PartnerImportStore {
  return {
    get: (id) => getPartnerRecord(id, access),
    create: async (record) => {
      try {
        await createPartner(record, access);
        return 'created';
      } catch (error) {
        if (error instanceof PartnerExists) return 'exists';
        throw error;
      }
    },
    save: async (record, expectedVersion) => {
      try {
        await savePartner(record, expectedVersion, access);
        return 'saved';
      } catch (error) {
        if (error instanceof StalePartner) return 'stale';
        throw error;
      }
    },
  };
}

export async function getPartner(partnerId: string, access: TableAccess = defaultAccess()): Promise<Partner | undefined> {
  return (await getPartnerRecord(partnerId, access))?.partner;
}

export async function getPartnerRecord(partnerId: string, access: TableAccess = defaultAccess()): Promise<PartnerRecord | undefined> {
  const { Item } = await access.client.send(new GetCommand({ TableName: access.table, Key: partnerKey(partnerId), ConsistentRead: true }));
  return Item ? partnerRecordFromItem(Item) : undefined;
}

export interface StandingSnapshot {
  standing: PartnerStanding;
  /** The points balance (an ADD counter beside the ledger), when the partner has earned any. */
  points?: number;
}

export async function getPartnerStanding(partnerId: string, now: Date, access: TableAccess = defaultAccess()): Promise<StandingSnapshot> {
  const { Item } = await access.client.send(new GetCommand({ TableName: access.table, Key: partnerStandingKey(partnerId) }));
  const points = Item?.points;
  return { standing: standingFromItem(partnerId, Item, now), ...(typeof points === 'number' ? { points } : {}) };
}

export interface PartnerListFilter {
  status?: AdmissionStatus;
  category?: string;
  communityId?: string;
  /** Grids of `communityId`: a partner serving one of them serves part of the community. */
  communityGrids?: readonly string[];
}

export interface PartnerListPage {
  records: PartnerRecord[];
  /** Where the next page starts; absent on the last page. */
  next?: Record<string, unknown>;
}

/** At most this many index reads per page: a selective filter returns a short page and a cursor, never a long wait. */
const maxReadsPerPage = 10;

/**
 * One page of partners: from the district's partner list (itemsByOwner, sorted by status and
 * name) or, with a category, from that category's capability items (partnersByCategory, by id).
 * The other filters are filter expressions on the same items, so a page may be shorter than
 * `limit` while more follow.
 */
export async function listPartners(
  filter: PartnerListFilter,
  page: { limit: number; start?: Record<string, unknown> },
  access: TableAccess = defaultAccess(),
): Promise<PartnerListPage> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const conditions: string[] = [];
  let keyCondition: string;
  let indexName: 'itemsByOwner' | 'partnersByCategory';
  if (filter.category) {
    indexName = 'partnersByCategory';
    keyCondition = 'gsi1pk = :partition';
    values[':partition'] = partnerCapabilityKey('', filter.category).gsi1pk;
    if (filter.status) {
      names['#status'] = 'status';
      values[':status'] = filter.status;
      conditions.push('#status = :status');
    }
  } else {
    indexName = 'itemsByOwner';
    keyCondition = filter.status ? 'gsi3pk = :partition AND begins_with(gsi3sk, :status)' : 'gsi3pk = :partition';
    values[':partition'] = partnersListIndexKey('', '', '').gsi3pk;
    if (filter.status) values[':status'] = `${filter.status}#`;
  }
  if (filter.communityId) {
    Object.assign(names, { '#area': 'serviceArea', '#communities': 'communities', '#grids': 'grids' });
    values[':community'] = filter.communityId;
    const served = ['contains(#area.#communities, :community)'];
    (filter.communityGrids ?? []).forEach((grid, index) => {
      values[`:grid${index}`] = grid;
      served.push(`contains(#area.#grids, :grid${index})`);
    });
    conditions.push(`(${served.join(' OR ')})`);
  }

  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined = page.start && checkedStartKey(page.start, indexName, String(values[':partition']));
  for (let reads = 0; reads < maxReadsPerPage && items.length < page.limit; reads++) {
    const reply = await access.client.send(
      new QueryCommand({
        TableName: access.table,
        IndexName: indexName,
        KeyConditionExpression: keyCondition,
        ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        Limit: page.limit - items.length,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(reply.Items ?? []));
    start = reply.LastEvaluatedKey;
    if (!start) break;
  }
  const profiles = filter.category
    ? await getProfiles(
        items.map((item) => String(item.partnerId)),
        access,
      )
    : items;
  return { records: profiles.map(partnerRecordFromItem), ...(start ? { next: start } : {}) };
}

/** Profiles in the order of `ids`; ids without a profile are left out. */
async function getProfiles(ids: string[], { client, table }: TableAccess): Promise<Record<string, unknown>[]> {
  const found = new Map<string, Record<string, unknown>>();
  for (let offset = 0; offset < ids.length; offset += 100) {
    let pending: Record<string, unknown>[] | undefined = ids.slice(offset, offset + 100).map(partnerKey);
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      const reply: BatchGetCommandOutput = await client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }));
      for (const item of reply.Responses?.[table] ?? []) found.set(String(item.id), item);
      pending = reply.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return ids.flatMap((id) => {
    const item = found.get(id);
    return item ? [item] : [];
  });
}

async function writePartner(
  record: PartnerRecord,
  condition: {
    ConditionExpression?: string;
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  },
  staleSortKeys: string[],
  { client, table }: TableAccess,
): Promise<void> {
  const { partner } = record;
  // The matcher's projection carries the standing too: start it from the stored counters.
  const { Item: standing } = await client.send(new GetCommand({ TableName: table, Key: partnerStandingKey(partner.id) }));
  const candidates = candidateItems(partner, currentDistrict(), standing);
  const written = [
    { Put: { TableName: table, Item: partnerProfileItem(record), ...condition } },
    ...capabilityItems(partner).map((Item) => ({ Put: { TableName: table, Item } })),
    ...staleSortKeys.map((sk) => ({ Delete: { TableName: table, Key: { pk: partnerKey(partner.id).pk, sk } } })),
  ];
  // Together when they fit one transaction (100 items): matching never sees a profile without them.
  const together = written.length + candidates.length <= transactionItemLimit;
  await sendTransaction([...written, ...(together ? candidates.map((Item) => ({ Put: { TableName: table, Item } })) : [])], client);
  if (!together) {
    // A partner of many categories in many communities: its projection follows the profile at once.
    for (const Item of candidates) await client.send(new PutCommand({ TableName: table, Item }));
  }
}

const transactionItemLimit = 100;

async function staleCapabilitySortKeys(partner: Partner, { client, table }: TableAccess): Promise<string[]> {
  const current = new Set([
    ...partner.capabilities.map((capability) => partnerCapabilityKey(partner.id, capability.category).sk),
    ...candidateItems(partner, currentDistrict()).map((item) => item.sk),
  ]);
  const { Items } = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :capability)',
      ExpressionAttributeValues: { ':pk': partnerKey(partner.id).pk, ':capability': capabilitySortKeyPrefix },
      ProjectionExpression: 'sk',
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map((item) => String(item.sk)).filter((sk) => !current.has(sk));
}

function isConditionFailure(error: unknown): boolean {
  return failedConditions(error)?.[0] === true;
}
