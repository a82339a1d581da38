/**
 * What an operator's token must show before it may act as an operator: that the person signed in
 * with a second factor (issue #10: operators read every resident's data).
 *
 * - Cognito: operators sign in at their own user pool, whose MFA is required (TOTP); the partners'
 *   pool keeps MFA optional because Cognito refuses it together with partners' passwordless SMS
 *   sign-in. So the evidence is the issuer: only the operators' pool's tokens act as operators. The
 *   stack tells every route function that pool's issuer (OPERATOR_ISSUER); the HTTP API already sends
 *   operator routes through that pool's authorizer, this is the second lock.
 * - Another OpenID Connect issuer (the China regions): it must put how the person signed in into
 *   the token, `amr` (RFC 8176) listing `mfa` by default, or `acr` with the levels the district
 *   names (`identity.operatorMfa`).
 * The local runtime sets no OPERATOR_ISSUER: its stand-in tokens carry no evidence to check.
 */
import type { IdentitySettings } from './identity-settings.ts';

export interface OperatorAssurance {
  /** Only tokens of this issuer act as operators. */
  issuer?: string;
  /** The token must list one of `anyOf` in claim `claim`. */
  claim?: { claim: string; anyOf: readonly string[] };
}

/** RFC 8176: `mfa` is the authentication method value for multiple-factor authentication. */
export const defaultOperatorMfaClaim = { claim: 'amr', anyOf: ['mfa'] } as const;

export function operatorAssuranceOf(settings: IdentitySettings, operatorIssuer: string | undefined = process.env.OPERATOR_ISSUER): OperatorAssurance {
  if (settings.provider === 'oidc') return { claim: settings.operatorMfa ?? defaultOperatorMfaClaim };
  return operatorIssuer ? { issuer: operatorIssuer } : {};
}

/** Does a token with these claims (as the JWT authorizer hands them on) show what `assurance` asks? */
export function showsOperatorAssurance(claims: Readonly<Record<string, unknown>>, assurance: OperatorAssurance, listOf: (claim: unknown) => string[]): boolean {
  if (assurance.issuer !== undefined && claims.iss !== assurance.issuer) return false;
  if (assurance.claim) {
    const values = listOf(claims[assurance.claim.claim]);
    if (!assurance.claim.anyOf.some((wanted) => values.includes(wanted))) return false;
  }
  return true;
}
