/**
 * GET requests' standard filters: service_request_id (comma-separated; overrides the others),
 * service_code and status (comma-separated), start_date and end_date (W3C date-times, at most 90
 * days apart; the last 90 days by default). At most 1000 requests, as the standard's default.
 */
import * as z from 'zod/mini';
import { isNeedId } from '../needs/need.ts';

export const maxRequestsListed = 1000;
export const maxSpanDays = 90;
const dayMs = 86_400_000;

const commaList = z.pipe(
  z.string().check(z.maxLength(4000)),
  z.transform((text) =>
    text
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  ),
);

const w3cDateTime = z.iso.datetime({ offset: true, message: 'a W3C date-time, e.g. 2026-11-24T00:00:00Z' });

export const open311ListQuerySchema = z
  .object({
    jurisdiction_id: z.optional(z.string().check(z.maxLength(100))),
    service_request_id: z.optional(commaList),
    service_code: z.optional(commaList),
    status: z.optional(z.pipe(commaList, z.array(z.enum(['open', 'closed'])))),
    start_date: z.optional(w3cDateTime),
    end_date: z.optional(w3cDateTime),
  })
  .check(
    z.superRefine((query, context) => {
      if (query.service_request_id && query.service_request_id.length > 100) {
        context.addIssue({ code: 'custom', path: ['service_request_id'], message: 'at most 100 ids' });
      }
      const start = query.start_date ? Date.parse(query.start_date) : undefined;
      const end = query.end_date ? Date.parse(query.end_date) : undefined;
      if (start !== undefined && end !== undefined && end < start)
        context.addIssue({ code: 'custom', path: ['end_date'], message: 'must not be before start_date' });
      if (start !== undefined && end !== undefined && end - start > maxSpanDays * dayMs) {
        context.addIssue({ code: 'custom', path: ['end_date'], message: `at most ${maxSpanDays} days after start_date` });
      }
    }),
  );

export type Open311ListQuery = z.output<typeof open311ListQuerySchema>;

/** The period to read, in UTC instants: the asked one, or the 90 days up to now. */
export function listPeriod(query: Open311ListQuery, now: number): { from: string; to: string } {
  const end = query.end_date ? Date.parse(query.end_date) : query.start_date ? Date.parse(query.start_date) + maxSpanDays * dayMs : now;
  const start = query.start_date ? Date.parse(query.start_date) : end - maxSpanDays * dayMs;
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

export function knownIds(ids: readonly string[]): string[] {
  return ids.filter(isNeedId);
}
