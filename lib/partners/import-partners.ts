/**
 * Runs a parsed roster (./partner-import.ts) against the stored partners, row by row: creates the
 * new, updates the changed (an admission move when the status column changes it), leaves the
 * same alone, and rejects a row with its reasons without stopping the others. Storage comes in
 * as a small interface, so this stays free of AWS imports.
 */
import { isDeepStrictEqual } from 'node:util';
import { Conflict } from '../common/domain-errors.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { moveAdmission } from './admission.ts';
import { columnName, idColumns, type ImportProblem, type ImportRow, importedPartner, type ParsedImport } from './partner-import.ts';
import { newPartnerRecord, type PartnerRecord, revisePartner } from './partner-record.ts';

export interface PartnerImportStore {
  get(id: string): Promise<PartnerRecord | undefined>;
  /** 'exists' when the id was taken meanwhile. */
  create(record: PartnerRecord): Promise<'created' | 'exists'>;
  /** 'stale' when the profile is no longer at `expectedVersion`. */
  save(record: PartnerRecord, expectedVersion: number): Promise<'saved' | 'stale'>;
}

/** `skipped`: not reached within the request's time; sending the rows again is safe (done ones come back unchanged). */
export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'rejected' | 'skipped';

export interface RowReport {
  line: number;
  outcome: RowOutcome;
  id?: string;
  name?: string;
  problems?: ImportProblem[];
}

export interface ImportReport {
  summary: Record<RowOutcome, number> & { rows: number };
  rows: RowReport[];
  ignoredColumns: string[];
}

export interface ImportContext {
  /** The operator's subject: recorded as who registered or changed each partner. */
  by: string;
  district: DistrictConfig;
  now: () => Date;
  /** Rows written at once. */
  concurrency?: number;
  /** Asked before each row: false once the time left is too short to finish one (Lambda's timeout). */
  hasTime?: () => boolean;
}

const attemptsPerRow = 3;

export async function importPartners(parsed: ParsedImport, store: PartnerImportStore, context: ImportContext): Promise<ImportReport> {
  const firstLineOfId = new Map<string, number>();
  const duplicates = new Map<ImportRow, number>();
  for (const row of parsed.rows) {
    if (!row.id) continue;
    const first = firstLineOfId.get(row.id);
    if (first === undefined) firstLineOfId.set(row.id, row.line);
    else duplicates.set(row, first);
  }

  const reports: RowReport[] = new Array(parsed.rows.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < parsed.rows.length; index = next++) {
      const row = parsed.rows[index] as ImportRow;
      const firstLine = duplicates.get(row);
      if (context.hasTime && !context.hasTime()) {
        reports[index] = { line: row.line, outcome: 'skipped', ...(row.id ? { id: row.id } : {}), ...(row.name ? { name: row.name } : {}) };
        continue;
      }
      reports[index] =
        firstLine === undefined
          ? await importRow(row, parsed, store, context)
          : rejected(row, [
              {
                field: 'id',
                column: idColumns(row, parsed.headers),
                code: 'duplicate',
                detail: `the same partner as line ${firstLine}`,
              },
            ]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, context.concurrency ?? 8) }, worker));

  return { summary: summarize(reports), rows: reports, ignoredColumns: parsed.ignoredColumns };
}

export function summarize(rows: readonly RowReport[]): ImportReport['summary'] {
  const summary = { rows: rows.length, created: 0, updated: 0, unchanged: 0, rejected: 0, skipped: 0 };
  for (const row of rows) summary[row.outcome] += 1;
  return summary;
}

async function importRow(row: ImportRow, parsed: ParsedImport, store: PartnerImportStore, context: ImportContext): Promise<RowReport> {
  if (row.problems.some((problem) => problem.code === 'malformed_csv')) return rejected(row, row.problems);
  const reason = `imported (line ${row.line})`;
  for (let attempt = 1; attempt <= attemptsPerRow; attempt++) {
    const existing = row.id ? await store.get(row.id) : undefined;
    const result = importedPartner(row, existing?.partner, parsed.headers, context.district);
    if (row.problems.length > 0 || 'problems' in result) {
      // The whole profile is checked too, so one report names every column at fault, each once.
      const reported = new Set(row.problems.map((problem) => problem.column));
      const more =
        'problems' in result
          ? result.problems.filter((problem) => !reported.has(problem.column) && (row.id || problem.field !== 'id'))
          : [];
      return rejected(row, [...row.problems, ...more]);
    }
    const now = context.now();
    const done = (outcome: RowOutcome): RowReport => ({ line: row.line, outcome, id: result.partner.id, name: result.partner.name.zh });

    if (!existing) {
      const record = newPartnerRecord(result.partner, { by: context.by, reason }, now);
      if ((await store.create(record)) === 'created') return done('created');
      continue;
    }
    let changed = isDeepStrictEqual(result.partner, existing.partner)
      ? undefined
      : revisePartner(existing, result.partner, context.by, now);
    if (row.status && row.status !== existing.partner.status) {
      try {
        changed = moveAdmission(changed ?? existing, { to: row.status, by: context.by, reason }, now);
      } catch (error) {
        if (!(error instanceof Conflict)) throw error;
        return rejected(row, [
          { field: 'status', column: columnName('status', parsed.headers), code: 'invalid_move', detail: error.message },
        ]);
      }
    }
    if (!changed) return done('unchanged');
    if ((await store.save(changed, existing.version)) === 'saved') return done('updated');
  }
  return rejected(row, [
    {
      field: '(row)',
      column: '(row)',
      code: 'concurrent_change',
      detail: 'the partner kept changing while importing; import the row again',
    },
  ]);
}

function rejected(row: ImportRow, problems: ImportProblem[]): RowReport {
  return { line: row.line, outcome: 'rejected', ...(row.id ? { id: row.id } : {}), ...(row.name ? { name: row.name } : {}), problems };
}
