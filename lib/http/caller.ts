/**
 * Who is calling, from the JWT claims the HTTP API authorizer (or the local gateway) verified.
 * Handlers cannot tell the cloud from the local runtime: both deliver claims in the same shape.
 */
import type { HttpEvent } from './http-event.ts';

export type CallerGroup = 'operators' | 'partners';

export interface Caller {
  subject: string;
  groups: CallerGroup[];
}

/**
 * The subject is the partner's or operator's id. Cognito's `sub` is a generated UUID, so in the
 * cloud a user is created with the partner id as its username, which access tokens carry as
 * `username` (ID tokens as `cognito:username`); the local tokens carry the id as `sub`.
 */
export function callerOf(event: HttpEvent): Caller | undefined {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const subject = claims?.username ?? claims?.['cognito:username'] ?? claims?.sub;
  if (!claims || typeof subject !== 'string' || subject === '') return undefined;
  return { subject, groups: parseGroups(claims['cognito:groups']).filter(isCallerGroup) };
}

/** HTTP API flattens the `cognito:groups` array claim to a string like `[operators partners]`. */
export function parseGroups(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((group) => group.replace(/^"|"$/g, ''))
    .filter(Boolean);
}

function isCallerGroup(group: string): group is CallerGroup {
  return group === 'operators' || group === 'partners';
}
