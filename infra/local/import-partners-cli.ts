/**
 * `npm run import-partners -- roster.csv [--url URL] [--token TOKEN] [--as OPERATOR] [--json]`
 *
 * Imports a partner roster through the API (POST /partners/import), so the same checks, the same
 * authorization and the same history apply as for any operator. Files of any size: the CLI sends
 * them in parts under the 64 KB body limit (whole records, the header repeated) and reports each
 * row by its line in the original file.
 *
 *   --url    the API, default http://127.0.0.1:$PORT (3000): a running `npm start`.
 *   --token  an operator's access token (or TOKEN in the environment); default: one signed with
 *            the local key in .local/ (LOCAL_DATA_DIRECTORY), as `npm run token` does, for --as.
 *   --as     the operator id recorded in the partners' history with a local token (import-cli).
 *   --json   print the whole report as JSON instead of a table.
 *
 * The file is UTF-8 (a BOM is fine); a file that is not UTF-8 is read as GB18030, which is what
 * Excel on Chinese Windows writes for "CSV (逗号分隔)". XLSX is not read: save it as CSV first.
 * Exit status: 0 all rows created, updated or unchanged; 1 some rows rejected (or not reached);
 * 2 nothing imported.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type ImportReport, type RowReport, summarize } from '#lib/partners/import-partners.ts';
import { type CsvRecord, csvRecords } from '#lib/partners/csv-records.ts';
import { defaultDataDirectory, localStatePaths } from './local-paths.ts';
import { issueLocalToken, loadOrCreateSigningKey } from './tokens.ts';

/** Under the API's 64 KiB body limit, with room to spare. */
export const maxPartBytes = 60_000;

export interface CsvPart {
  text: string;
  /** Line in the part → line in the original file. */
  lines: Map<number, number>;
}

/** Splits a CSV into parts of whole records under `maxBytes`, each starting with the header. */
export function splitCsv(text: string, maxBytes = maxPartBytes): { parts: CsvPart[]; oversized: number[] } {
  const [header, ...records] = csvRecords(text);
  return header ? splitRecords(header, records, maxBytes) : { parts: [], oversized: [] };
}

function splitRecords(header: CsvRecord, records: readonly CsvRecord[], maxBytes: number): { parts: CsvPart[]; oversized: number[] } {
  const headerLines = countLines(header.raw);
  const parts: CsvPart[] = [];
  const oversized: number[] = [];
  let current: CsvPart | undefined;
  let currentBytes = 0;
  let currentLines = 0;
  for (const record of records) {
    const bytes = Buffer.byteLength(record.raw);
    if (Buffer.byteLength(header.raw) + bytes > maxBytes) {
      oversized.push(record.line);
      continue;
    }
    if (!current || currentBytes + bytes > maxBytes) {
      current = { text: header.raw, lines: new Map() };
      parts.push(current);
      currentBytes = Buffer.byteLength(header.raw);
      currentLines = headerLines;
    }
    current.lines.set(currentLines + 1, record.line);
    current.text += record.raw;
    currentBytes += bytes;
    currentLines += countLines(record.raw);
  }
  return { parts, oversized };
}

function countLines(raw: string): number {
  return raw.split('\n').length - 1;
}

export function readRoster(path: string): { text: string; encoding: 'utf-8' | 'gb18030' } {
  const bytes = readFileSync(path);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** Rounds of sending what is left: the API skips rows it has no time for, and sending them again is safe. */
const maxRounds = 20;

export async function importRoster(text: string, options: { url: string; token: string }): Promise<ImportReport> {
  const [header, ...records] = csvRecords(text);
  if (!header) throw new Error('the file is empty');
  const reports = new Map<number, RowReport>();
  let ignoredColumns: string[] = [];
  let pending = records;
  for (let round = 1; pending.length > 0 && round <= maxRounds; round++) {
    const { parts, oversized } = splitRecords(header, pending, maxPartBytes);
    for (const line of oversized) {
      reports.set(line, {
        line,
        outcome: 'rejected',
        problems: [{ field: '(row)', column: '(row)', code: 'too_big', detail: `the row alone is over ${maxPartBytes} bytes` }],
      });
    }
    for (const part of parts) {
      const report = await postPart(part.text, options);
      ignoredColumns = report.ignoredColumns;
      for (const row of report.rows)
        reports.set(part.lines.get(row.line) ?? row.line, { ...row, line: part.lines.get(row.line) ?? row.line });
    }
    const left = pending.filter((record) => reports.get(record.line)?.outcome === 'skipped');
    if (left.length === pending.length) break;
    pending = left;
  }
  const rows = [...reports.values()].sort((a, b) => a.line - b.line);
  return { summary: summarize(rows), rows, ignoredColumns };
}

async function postPart(text: string, options: { url: string; token: string }): Promise<ImportReport> {
  const response = await fetch(`${options.url.replace(/\/$/, '')}/partners/import`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv; charset=utf-8', authorization: `Bearer ${options.token}` },
    body: text,
  });
  const body = (await response.json().catch(() => undefined)) as (ImportReport & { detail?: string }) | undefined;
  if (!response.ok || !body?.rows)
    throw new Error(`POST /partners/import answered ${response.status}: ${body?.detail ?? response.statusText}`);
  return body;
}

function printTable(report: ImportReport): void {
  for (const row of report.rows) {
    const problems = (row.problems ?? []).map((problem) => `${problem.column} (${problem.field}): ${problem.detail}`).join('; ');
    console.log(
      [String(row.line).padStart(5), row.outcome.padEnd(9), (row.id ?? '').padEnd(24), row.name ?? '', problems].join('  ').trimEnd(),
    );
  }
  if (report.ignoredColumns.length > 0) console.log(`ignored columns: ${report.ignoredColumns.join(', ')}`);
  const { rows, created, updated, unchanged, rejected, skipped } = report.summary;
  console.log(
    `${rows} rows: ${created} created, ${updated} updated, ${unchanged} unchanged, ${rejected} rejected${skipped ? `, ${skipped} not reached (run again)` : ''}`,
  );
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { url: { type: 'string' }, token: { type: 'string' }, as: { type: 'string' }, json: { type: 'boolean' } },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    console.error('usage: npm run import-partners -- roster.csv [--url http://127.0.0.1:3000] [--token TOKEN] [--as operator-id] [--json]');
    return 2;
  }
  if (/\.xlsx?$/i.test(file)) {
    console.error(`${file}: spreadsheets are not read directly; save it as "CSV UTF-8" (Excel: 文件 → 另存为) and import the .csv`);
    return 2;
  }
  const url = values.url ?? process.env.API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const token =
    values.token ??
    process.env.TOKEN ??
    (await issueLocalToken(
      await loadOrCreateSigningKey(localStatePaths(process.env.LOCAL_DATA_DIRECTORY ?? defaultDataDirectory).signingKey),
      {
        role: 'operator',
        id: values.as ?? 'import-cli',
      },
    ));
  const { text, encoding } = readRoster(file);
  if (encoding !== 'utf-8') console.error(`${file} is not UTF-8; read it as GB18030`);
  const report = await importRoster(text, { url, token });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printTable(report);
  return report.summary.rejected + report.summary.skipped > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
