/**
 * What a report request may ask: a period of local dates (`to` inclusive, at most
 * `maxReportDays`), the format (JSON, or CSV by `format=csv` or `Accept: text/csv`) and the
 * language of the CSV headers (Chinese unless `lang=en`).
 */
import * as z from 'zod/mini';
import { addDays } from '../matching/local-time.ts';

export const maxReportDays = 93;
export const defaultReportDays = 7;

const day = z.iso.date({ message: 'a date as YYYY-MM-DD' });

export const reportQuerySchema = z
  .strictObject({
    from: z.optional(day),
    to: z.optional(day),
    format: z.optional(z.enum(['json', 'csv'])),
    lang: z._default(z.enum(['zh', 'en']), 'zh'),
    /** The needs list per grid rather than per community. */
    by: z._default(z.enum(['community', 'grid']), 'community'),
  })
  .check(
    z.superRefine((query, context) => {
      if (query.from && query.to && query.from > query.to)
        context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
      if (query.from && query.to && daysBetween(query.from, query.to) + 1 > maxReportDays) {
        context.addIssue({
          code: 'too_big',
          origin: 'number',
          maximum: maxReportDays,
          path: ['to'],
          message: `a period of at most ${maxReportDays} days`,
        });
      }
    }),
  );

export type ReportQuery = z.output<typeof reportQuerySchema>;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** The period's local dates, defaulting to the last `defaultReportDays` days up to `today`. */
export function reportDays(query: Pick<ReportQuery, 'from' | 'to'>, today: string): { from: string; to: string; days: string[] } {
  const to = query.to ?? (query.from ? addDays(query.from, defaultReportDays - 1) : today);
  const from = query.from ?? addDays(to, -(defaultReportDays - 1));
  const days: string[] = [];
  for (let date = from; date <= to && days.length < maxReportDays; date = addDays(date, 1)) days.push(date);
  return { from, to, days };
}

export function wantsCsv(query: Pick<ReportQuery, 'format'>, accept: string | undefined): boolean {
  if (query.format) return query.format === 'csv';
  return /\btext\/csv\b/i.test(accept ?? '');
}
