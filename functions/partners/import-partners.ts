import type { Context } from 'aws-lambda';
import { InvalidInput, PayloadTooLarge } from '#lib/common/domain-errors.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { defaultBodyLimitBytes } from '#lib/http/json-body.ts';
import { logger } from '#lib/observability/logger.ts';
import { parsePartnerCsv } from '#lib/partners/partner-import.ts';
import { callerSubject } from '#lib/partners/partner-requests.ts';
import { importPartnerRoster } from '#lib/use-cases/import-partners.ts';

const district = currentDistrict();
/** Rows still running when the time is up must finish: none starts with less than this left. */
const reserveMs = 4000;

/**
 * An operator imports the partner roster: the CSV itself as the body (`Content-Type: text/csv`),
 * or `{ "csv": "…" }` as JSON for clients that only send JSON. 64 KB at most, like every body;
 * `npm run import-partners -- file.csv` sends bigger files in parts. Answers 200 with a report per
 * row (created, updated, unchanged or rejected with the fields at fault; skipped when the Lambda's
 * time ran short, to be sent again); 400 only when the file as a whole is unusable.
 */
export async function importPartnersForOperator(event: HttpEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>) {
  const by = callerSubject(event);
  const parsed = parsePartnerCsv(csvOf(event), district);
  if (parsed.rows.length === 0)
    throw new InvalidInput([{ field: 'csv', code: 'no_rows', detail: 'the file has a header but no partners' }]);
  const report = await importPartnerRoster(parsed, {
    by,
    district,
    now: () => new Date(),
    ...(context ? { hasTime: () => context.getRemainingTimeInMillis() > reserveMs } : {}),
  });
  logger.info('partners imported', { ...report.summary, by });
  return jsonResponse(200, report);
}

function csvOf(event: HttpEvent): string {
  if (!event.body) throw new InvalidInput([{ field: 'csv', code: 'required', detail: 'send the CSV as the body (text/csv)' }]);
  const raw = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  if (raw.byteLength > defaultBodyLimitBytes) throw new PayloadTooLarge(defaultBodyLimitBytes);
  const contentType = (event.headers?.['content-type'] ?? '').toLowerCase();
  if (/^text\/(csv|plain)\b/.test(contentType)) return raw.toString('utf8');
  if (/^application\/json\b/.test(contentType)) {
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new InvalidInput([{ field: '(body)', code: 'invalid_json', detail: 'the body is not valid JSON' }]);
    }
    const csv = (body as { csv?: unknown } | null)?.csv;
    if (typeof csv !== 'string') throw new InvalidInput([{ field: 'csv', code: 'required', detail: 'a string holding the CSV text' }]);
    return csv;
  }
  throw new InvalidInput([
    { field: '(body)', code: 'unsupported_media_type', detail: 'send text/csv, or application/json with a "csv" field' },
  ]);
}

export const handler = httpHandler(importPartnersForOperator);
