import { describe, expect, it } from 'vitest';
import { importPartners, type PartnerImportStore } from '#lib/partners/import-partners.ts';
import { parsePartnerCsv } from '#lib/partners/partner-import.ts';
import type { PartnerRecord } from '#lib/partners/partner-record.ts';
import { district, record } from './partner-fixtures.ts';

function memoryStore(initial: PartnerRecord[] = []): PartnerImportStore & { records: Map<string, PartnerRecord> } {
  const records = new Map(initial.map((entry) => [entry.partner.id, entry]));
  return {
    records,
    get: async (id) => records.get(id),
    create: async (entry) => {
      if (records.has(entry.partner.id)) return 'exists';
      records.set(entry.partner.id, entry);
      return 'created';
    },
    save: async (entry, expectedVersion) => {
      if (records.get(entry.partner.id)?.version !== expectedVersion) return 'stale';
      records.set(entry.partner.id, entry);
      return 'saved';
    },
  };
}

const header = 'id,名称,类型,服务类别,服务社区,容量,收费方式,值班,联系人,电话,状态';
const context = { by: 'op-7', district, now: () => new Date('2026-03-05T02:00:00Z') };

async function run(csv: string, store: PartnerImportStore) {
  return importPartners(parsePartnerCsv(`${header}\n${csv}`, district), store, context);
}

describe('importPartners', () => {
  it('creates new partners (applied unless the row says), updates changed ones, leaves the same alone', async () => {
    const store = memoryStore([record({ id: 'p-1', capacity: 3 }), record({ id: 'p-2' })]);
    const report = await run(
      [
        'new-1,新合伙人,个体,维修:3,荷花,2,公益,随时,张,13900000021,',
        'new-2,在册合伙人,商企,理疗:5,柳荫,5,市场,随时,刘,13900000022,在册',
        'p-1,,,,,6,,,,,',
        'p-2,,,,,3,,,,,',
      ].join('\n'),
      store,
    );
    expect(report.summary).toEqual({ rows: 4, created: 2, updated: 1, unchanged: 1, rejected: 0, skipped: 0 });
    expect(report.rows.map((row) => [row.line, row.outcome, row.id])).toEqual([
      [2, 'created', 'new-1'],
      [3, 'created', 'new-2'],
      [4, 'updated', 'p-1'],
      [5, 'unchanged', 'p-2'],
    ]);
    expect(store.records.get('new-1')?.partner.status).toBe('applied');
    expect(store.records.get('new-2')?.partner.status).toBe('active');
    expect(store.records.get('new-2')?.history).toEqual([
      { at: '2026-03-05T02:00:00.000Z', by: 'op-7', from: null, to: 'active', reason: 'imported (line 3)' },
    ]);
    expect(store.records.get('p-1')).toMatchObject({ version: 2, updatedBy: 'op-7', partner: { capacity: 6 } });
  });

  it('moves the status of a known partner only as admission allows, with the history entry', async () => {
    const store = memoryStore([record({ id: 'p-1', status: 'active' }), record({ id: 'p-2', status: 'applied' })]);
    const report = await run(['p-1,,,,,,,,,,暂停', 'p-2,,,,,,,,,,在册'].join('\n'), store);
    expect(report.rows[0]).toMatchObject({ outcome: 'updated' });
    expect(store.records.get('p-1')?.history.at(-1)).toMatchObject({ from: 'active', to: 'suspended', by: 'op-7' });
    expect(report.rows[1]).toMatchObject({ outcome: 'rejected', problems: [{ column: '状态', field: 'status', code: 'invalid_move' }] });
    expect(store.records.get('p-2')?.partner.status).toBe('applied');
  });

  it('rejects bad rows with every reason and still writes the good ones', async () => {
    const store = memoryStore();
    const report = await run(
      [
        'ok-1,好,个体,维修:3,荷花,2,公益,随时,张,13900000021,',
        'bad-1,坏,个体,算命:3,火星,2,公益,随时,李,12345,',
        'ok-2,也好,社群,义剪:3,柳荫,9,公益,周六 09:00-11:00,赵,13900000023,',
      ].join('\n'),
      store,
    );
    expect(report.summary).toMatchObject({ created: 2, rejected: 1 });
    expect(report.rows[1]?.problems?.map((problem) => problem.column)).toEqual(['服务类别', '服务社区', '电话']);
    expect([...store.records.keys()].sort()).toEqual(['ok-1', 'ok-2']);
  });

  it('rejects a second row for the same partner, naming the first', async () => {
    const report = await run(
      ['d-1,甲,个体,维修:3,荷花,2,公益,随时,张,13900000021,', 'd-1,甲,个体,维修:4,荷花,2,公益,随时,张,13900000021,'].join('\n'),
      memoryStore(),
    );
    expect(report.rows[1]).toMatchObject({
      outcome: 'rejected',
      problems: [{ field: 'id', code: 'duplicate', detail: 'the same partner as line 2' }],
    });
  });

  it('skips the rows it has no time left for, and a second run finishes them without redoing the first', async () => {
    const store = memoryStore();
    const csv = ['t-1', 't-2', 't-3', 't-4']
      .map((id, index) => `${id},甲${index},个体,维修:3,荷花,2,公益,随时,张,1390000002${index},`)
      .join('\n');
    const parsed = parsePartnerCsv(`${header}\n${csv}`, district);
    let budget = 2;
    const first = await importPartners(parsed, store, { ...context, concurrency: 1, hasTime: () => budget-- > 0 });
    expect(first.rows.map((row) => row.outcome)).toEqual(['created', 'created', 'skipped', 'skipped']);
    expect(first.summary).toMatchObject({ created: 2, skipped: 2 });
    expect(first.rows[2]).toEqual({ line: 4, outcome: 'skipped', id: 't-3', name: '甲2' });
    const second = await importPartners(parsed, store, context);
    expect(second.rows.map((row) => row.outcome)).toEqual(['unchanged', 'unchanged', 'created', 'created']);
  });

  it('turns a create race into an update', async () => {
    const store = memoryStore();
    const racing: PartnerImportStore = {
      ...store,
      get: async (id) => (store.records.has(id) ? store.get(id) : undefined),
      create: async (entry) => {
        if (!store.records.has(entry.partner.id)) store.records.set(entry.partner.id, record({ id: entry.partner.id, capacity: 1 }));
        return 'exists';
      },
    };
    const report = await run('r-1,甲,个体,维修:3,荷花,2,公益,随时,张,13900000021,', racing);
    expect(report.rows[0]).toMatchObject({ outcome: 'updated', id: 'r-1' });
    expect(store.records.get('r-1')?.partner.capacity).toBe(2);
  });
});
