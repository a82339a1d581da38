import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { importRoster, splitCsv } from '#infra/local/import-partners-cli.ts';
import { csvRecords } from '#lib/partners/csv-records.ts';

describe('splitCsv (npm run import-partners)', () => {
  it('keeps one part under the limit, and maps part lines back to file lines', () => {
    const { parts, oversized } = splitCsv('名称,电话\n甲,1\n"乙\n丙",2\n丁,3\n');
    expect(oversized).toEqual([]);
    expect(parts).toHaveLength(1);
    expect([...(parts[0]?.lines ?? [])]).toEqual([
      [2, 2],
      [3, 3],
      [5, 5],
    ]);
  });

  it('splits at whole records, repeating the header, and sets aside a row too big for any part', () => {
    const rows = Array.from({ length: 10 }, (_, index) => `name-${index},${'x'.repeat(20)}`);
    const text = `名称,备注\n${rows.join('\n')}\n"huge","${'y'.repeat(200)}"\n`;
    const { parts, oversized } = splitCsv(text, 100);
    expect(oversized).toEqual([12]);
    for (const part of parts) {
      expect(part.text.startsWith('名称,备注\n')).toBe(true);
      expect(Buffer.byteLength(part.text)).toBeLessThanOrEqual(100);
    }
    const fileLines = parts.flatMap((part) => [...part.lines.values()]);
    expect(fileLines).toEqual(Array.from({ length: 10 }, (_, index) => index + 2));
    expect(parts[1]?.lines.get(2)).toBe(5);
  });
});

describe('importRoster (npm run import-partners)', () => {
  it('sends the rows the API skipped again until all are done, and reports them by their file lines', async () => {
    const bodies: string[] = [];
    // A stand-in API that has time for two rows per request.
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        bodies.push(body);
        const [, ...records] = csvRecords(body);
        const rows = records.map((record, index) => ({
          line: record.line,
          outcome: index < 2 ? 'created' : 'skipped',
          name: record.cells[0],
        }));
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ summary: {}, rows, ignoredColumns: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const report = await importRoster('名称\n甲\n乙\n"丙\n丙"\n丁\n戊\n', { url, token: 't' });
      expect(bodies).toHaveLength(3);
      expect(report.rows.map((row) => [row.line, row.outcome, row.name])).toEqual([
        [2, 'created', '甲'],
        [3, 'created', '乙'],
        [4, 'created', '丙\n丙'],
        [6, 'created', '丁'],
        [7, 'created', '戊'],
      ]);
      expect(report.summary).toEqual({ rows: 5, created: 5, updated: 0, unchanged: 0, rejected: 0, skipped: 0 });
    } finally {
      server.close();
    }
  });
});
