/**
 * Who is calling, from the JWT claims the HTTP API authorizer (or the local gateway) verified.
 * Handlers cannot tell the cloud from the local runtime: both deliver claims in the same shape.
 *
 * The caller is an identity at its issuer (`iss` + the subject claim), never one of our ids: Cognito
 * gives every user a generated UUID as `sub` (and as `username` when the pool signs in by phone), and
 * another OpenID Connect issuer has its own subjects. Which partner an identity acts for is a record
 * we keep (lib/http/caller-partner.ts), written when an operator gives a partner its login.
 */
import { currentDistrict } from '../district/current-district.ts';
import { type IdentitySettings, identityClaims } from '../identity/identity-settings.ts';
import { type OperatorAssurance, operatorAssuranceOf, showsOperatorAssurance } from '../identity/operator-assurance.ts';
import type { HttpEvent } from './http-event.ts';

export type CallerGroup = 'operators' | 'partners';

export interface Caller {
  /** The token's `iss`. */
  issuer: string;
  /** The identity at that issuer (Cognito: `sub`, a UUID). */
  subject: string;
  groups: CallerGroup[];
  /**
   * The token claims `operators` without the second-factor evidence operators need
   * (lib/identity/operator-assurance.ts); `groups` then leaves `operators` out.
   */
  operatorWithoutMfa?: true;
}

export function callerOf(
  event: HttpEvent,
  settings: IdentitySettings = currentDistrict().identity,
  assurance: OperatorAssurance = operatorAssuranceOf(settings),
): Caller | undefined {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims) return undefined;
  const names = identityClaims(settings);
  const subject = claims[names.subject];
  const issuer = claims.iss;
  if (typeof subject !== 'string' || subject === '' || typeof issuer !== 'string' || issuer === '') return undefined;
  const groups = parseGroups(claims[names.groups]).filter(isCallerGroup);
  if (groups.includes('operators') && !showsOperatorAssurance(claims, assurance, parseGroups)) {
    return { issuer, subject, groups: groups.filter((group) => group !== 'operators'), operatorWithoutMfa: true };
  }
  return { issuer, subject, groups };
}

/**
 * HTTP API flattens an array claim such as `cognito:groups` (or `amr`) to a string like
 * `[operators partners]`; a single value (`acr`) is a list of one.
 */
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
