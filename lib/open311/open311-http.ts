/**
 * The HTTP side of the Open311 routes: the format the path asks for, the jurisdiction check, and
 * every refusal in the standard's error format with its HTTP code (400 bad or missing input, 403
 * api_key, 404 unknown service, request or jurisdiction; 409 and 429 from the open form's limits,
 * which this door shares) instead of our problem+json.
 */
import { Conflict, DomainError, type FieldProblem, Forbidden, InvalidInput, NotFound, TooManyRequests } from '../common/domain-errors.ts';
import type { HttpEvent, HttpResult } from '../http/http-event.ts';
import { logger } from '../observability/logger.ts';
import { contentTypes, errorsOfProblems, type Open311Format, renderErrors, splitFormat } from './open311-format.ts';

export class Open311NotFound extends NotFound {
  constructor(readonly field: string, what: string) {
    super(what);
  }
}

export function open311Response(statusCode: number, format: Open311Format, body: string): HttpResult {
  return { statusCode, headers: { 'content-type': contentTypes[format], 'cache-control': 'no-store' }, body };
}

/** The format of the last path segment (`requests.xml`, `{id}.json`); XML when it names none. */
export function formatOf(event: HttpEvent): { name: string; format: Open311Format } {
  const last = event.rawPath.split('/').pop() ?? '';
  return splitFormat(decodeURIComponent(last)) ?? { name: last, format: 'xml' };
}

export function checkJurisdiction(jurisdiction: string | undefined, districtId: string): void {
  if (jurisdiction && jurisdiction !== districtId) throw new Open311NotFound('jurisdiction_id', `jurisdiction_id ${jurisdiction}`);
}

/** Runs an Open311 handler body; what it throws is answered in the standard's error format. */
export async function answerOpen311(event: HttpEvent, handle: (format: Open311Format) => Promise<HttpResult>, rename?: (field: string) => string): Promise<HttpResult> {
  const { format } = formatOf(event);
  try {
    return await handle(format);
  } catch (error) {
    if (error instanceof InvalidInput) return open311Response(400, format, renderErrors(format, errorsOfProblems(400, error.problems, rename)));
    if (error instanceof Open311NotFound) return open311Response(404, format, renderErrors(format, [{ code: 404, description: `${error.field}: ${error.message}` }]));
    if (error instanceof NotFound) return open311Response(404, format, renderErrors(format, [{ code: 404, description: error.message }]));
    if (error instanceof Forbidden) return open311Response(403, format, renderErrors(format, [{ code: 403, description: error.message }]));
    if (error instanceof TooManyRequests) {
      // The open form's limits apply to this door too: the standard has no code for them, HTTP has.
      const answer = open311Response(429, format, renderErrors(format, [{ code: 429, description: `${error.code}: ${error.message}` }]));
      return { ...answer, headers: { ...answer.headers, ...(error.retryAfterSeconds ? { 'retry-after': String(error.retryAfterSeconds) } : {}) } };
    }
    if (error instanceof Conflict) {
      const existing = typeof error.current?.existingNeedId === 'string' ? ` (service_request_id ${error.current.existingNeedId})` : '';
      return open311Response(409, format, renderErrors(format, [{ code: 409, description: `${error.message}${existing}` }]));
    }
    if (error instanceof DomainError) return open311Response(400, format, renderErrors(format, [{ code: 400, description: error.message }]));
    logger.error('open311 request failed', error as Error);
    return open311Response(500, format, renderErrors(format, [{ code: 500, description: 'Something went wrong on our side; nothing was saved. Please try again.' }]));
  }
}

export function problems(...list: FieldProblem[]): InvalidInput {
  return new InvalidInput(list);
}
