/**
 * What the partner routes read from a request besides the body: who calls, which partner the path
 * names, and the version an edit is based on (the body's `version` or an `If-Match` header
 * carrying the ETag that GET returned).
 */
import { InvalidInput, NotFound, Unauthenticated } from '../common/domain-errors.ts';
import type { HttpEvent } from '../http/http-event.ts';
import { callerOf } from '../http/caller.ts';
import { partnerSchema } from './partner.ts';

export function callerSubject(event: HttpEvent): string {
  const caller = callerOf(event);
  if (!caller) throw new Unauthenticated('a valid bearer token is required');
  return caller.subject;
}

/** The `{id}` of the path; an id that could not exist answers like an unknown one. */
export function partnerIdParam(event: HttpEvent): string {
  const id = event.pathParameters?.id ?? '';
  if (!partnerSchema.shape.id.safeParse(id).success) throw new NotFound('partner');
  return id;
}

export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * The version the caller's edit is based on, if it says: `version` in the body and/or `If-Match`
 * (they must agree). Without either, the edit is still conditional on the version it was applied to.
 */
export function expectedVersion(event: HttpEvent, bodyVersion: number | undefined): number | undefined {
  const header = event.headers?.['if-match'];
  let fromHeader: number | undefined;
  if (header !== undefined && header.trim() !== '*') {
    const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
    if (!match?.[1])
      throw new InvalidInput([{ field: 'If-Match', code: 'invalid_format', detail: 'the ETag of GET /partners/{id}, e.g. "3"' }]);
    fromHeader = Number(match[1]);
  }
  if (fromHeader !== undefined && bodyVersion !== undefined && fromHeader !== bodyVersion) {
    throw new InvalidInput([{ field: 'version', code: 'mismatch', detail: 'the body and If-Match name different versions' }]);
  }
  return bodyVersion ?? fromHeader;
}
