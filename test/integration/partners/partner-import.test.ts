import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '#infra/local/import-partners-cli.ts';
import type { ImportReport } from '#lib/partners/import-partners.ts';
import { derivedPartnerId } from '#lib/partners/partner-import.ts';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';

let system: LocalSystem;
let operator: string;
const sample = readFileSync(new URL('../../fixtures/partners-sample.csv', import.meta.url), 'utf8');
const csvHeaders = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'text/csv; charset=utf-8' });

async function importCsv(text: string, token = operator) {
  return request<ImportReport>(system.baseUrl, 'POST', '/partners/import', { rawBody: text, headers: csvHeaders(token) });
}

async function partner(id: string) {
  return request<Record<string, unknown> & { version: number; history: Array<Record<string, unknown>> }>(
    system.baseUrl,
    'GET',
    `/partners/${id}`,
    {
      headers: { authorization: `Bearer ${operator}` },
    },
  );
}

beforeAll(async () => {
  system = await startLocalSystem({ port: 0, inMemory: true });
  operator = await system.issueToken('operator', 'op-import');
});

afterAll(async () => {
  await system?.stop();
});

describe('POST /partners/import', () => {
  it('imports the sample roster: good rows created, bad rows rejected with the columns at fault, per line', async () => {
    const reply = await importCsv(sample);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.summary).toEqual({ rows: 8, created: 3, updated: 0, unchanged: 0, rejected: 5, skipped: 0 });
    expect(reply.body.ignoredColumns).toEqual(['备注']);
    const byLine = new Map(reply.body.rows.map((row) => [row.line, row]));
    expect([...byLine.keys()]).toEqual([2, 3, 4, 6, 7, 8, 9, 10]);
    expect(byLine.get(2)).toMatchObject({
      outcome: 'created',
      id: derivedPartnerId('王师傅家电维修', '13900000011'),
      name: '王师傅家电维修',
    });
    expect(byLine.get(3)).toMatchObject({ outcome: 'created', id: 'imp-liuyin-rehab' });
    expect(byLine.get(4)).toMatchObject({ outcome: 'created', name: '桃园志愿者服务队' });
    const columnsAtFault = (line: number) => byLine.get(line)?.problems?.map((problem) => problem.column);
    expect(columnsAtFault(6)).toEqual(['服务类别', '电话']);
    expect(columnsAtFault(7)).toEqual(['类型', '容量']);
    expect(columnsAtFault(8)).toEqual(['服务社区']);
    expect(columnsAtFault(9)).toEqual(['值班']);
    expect(byLine.get(10)?.problems).toEqual([
      expect.objectContaining({ column: '名称+电话', code: 'duplicate', detail: 'the same partner as line 2' }),
    ]);
    for (const line of [6, 7, 8, 9, 10]) expect(byLine.get(line)?.outcome).toBe('rejected');
  });

  it('leaves the good rows readable afterwards, with the importing operator in their history', async () => {
    const rehab = await partner('imp-liuyin-rehab');
    expect(rehab.status).toBe(200);
    expect(rehab.body).toMatchObject({
      status: 'active',
      kind: 'business',
      capabilities: [{ category: 'physiotherapy', skillLevel: 5 }],
      serviceArea: { communities: ['liuyin', 'hehua'] },
      contact: { name: '刘医生', phone: '13900000012' },
      history: [{ by: 'op-import', from: null, to: 'active', reason: 'imported (line 3)' }],
    });
    const wang = await partner(derivedPartnerId('王师傅家电维修', '13900000011'));
    expect(wang.body).toMatchObject({
      status: 'applied',
      priceMode: 'lowCost',
      homeVisits: true,
      schedule: { weekly: [{ day: 1 }, { day: 3 }] },
    });
    const teams = await request<{ items: Array<{ name: { zh: string }; schedule: { weekly: unknown[] } }> }>(
      system.baseUrl,
      'GET',
      '/partners?category=haircut&communityId=taoyuan',
      { headers: { authorization: `Bearer ${operator}` } },
    );
    expect(teams.body.items.find((item) => item.name.zh === '桃园志愿者服务队')?.schedule.weekly).toHaveLength(2);
  });

  it('finds nothing to change when the same file comes again, and updates from JSON { csv }', async () => {
    const again = await importCsv(sample);
    expect(again.body.summary).toEqual({ rows: 8, created: 0, updated: 0, unchanged: 3, rejected: 5, skipped: 0 });

    const before = await partner('imp-liuyin-rehab');
    const json = await request<ImportReport>(system.baseUrl, 'POST', '/partners/import', {
      body: { csv: 'id,capacity,status\nimp-liuyin-rehab,9,suspended\n' },
      headers: { authorization: `Bearer ${operator}` },
    });
    expect(json.status).toBe(200);
    expect(json.body.rows).toEqual([{ line: 2, outcome: 'updated', id: 'imp-liuyin-rehab', name: '柳荫康复理疗中心' }]);
    const after = await partner('imp-liuyin-rehab');
    expect(after.body).toMatchObject({ capacity: 9, status: 'suspended' });
    expect(after.body.version).toBeGreaterThan(before.body.version);
    expect(after.body.history.at(-1)).toMatchObject({ from: 'active', to: 'suspended', by: 'op-import' });
  });

  it('refuses a file it cannot use as a whole, other media types, and bodies over 64 KB', async () => {
    const headerOnly = await importCsv('名称,电话\n');
    expect(headerOnly.status).toBe(400);
    const notRoster = await importCsv('a,b\n1,2\n');
    expect(notRoster.status).toBe(400);
    const xml = await request(system.baseUrl, 'POST', '/partners/import', {
      rawBody: '<partners/>',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/xml' },
    });
    expect(xml.status).toBe(400);
    const tooBig = await importCsv(`名称,备注\n王,${'x'.repeat(70_000)}\n`);
    expect(tooBig.status).toBe(413);
  });
});

describe('npm run import-partners', () => {
  const header = '名称,类型,服务类别,服务社区,容量,收费方式,值班,联系人,电话,备注';
  const row = (index: number) =>
    `缝补铺${index},个体,缝补:3,荷花,2,低偿,随时,店主${index},139${String(index).padStart(8, '0')},${'这是一家老字号'.repeat(20)}`;

  it('sends a file over 64 KB in parts and reports every row by its line in the file', async () => {
    const rows = Array.from({ length: 160 }, (_, index) => row(index + 1));
    rows[99] = rows[99]?.replace('缝补:3', '缝补:9') ?? '';
    const text = `\uFEFF${header}\r\n${rows.join('\r\n')}\r\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(64 * 1024);

    const report = await importRoster(text, { url: system.baseUrl, token: operator });
    expect(report.summary).toEqual({ rows: 160, created: 159, updated: 0, unchanged: 0, rejected: 1, skipped: 0 });
    expect(report.rows.map((entry) => entry.line)).toEqual(Array.from({ length: 160 }, (_, index) => index + 2));
    expect(report.rows.find((entry) => entry.outcome === 'rejected')).toMatchObject({
      line: 101,
      name: '缝补铺100',
      problems: [{ column: '服务类别' }],
    });
  });

  it('runs as a command: prints the table and exits 1 when a row was rejected', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'import-partners-'));
    const file = join(directory, 'roster.csv');
    writeFileSync(file, `${header}\n${row(500)}\n坏行,个体,缝补:3,火星,2,低偿,随时,某,13900000000,\n`);
    const run = promisify(execFile);
    const outcome = await run(process.execPath, [
      '--import',
      'tsx',
      'infra/local/import-partners-cli.ts',
      file,
      '--url',
      system.baseUrl,
      '--token',
      operator,
    ]).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/^\s+2 {2}created/m);
    expect(outcome.stdout).toMatch(/^\s+3 {2}rejected .*服务社区/m);
    expect(outcome.stdout).toContain('2 rows: 1 created, 0 updated, 0 unchanged, 1 rejected');
  });
});
