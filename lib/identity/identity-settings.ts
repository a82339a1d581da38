/**
 * Which identity provider a district's staff (operators, partners) sign in with, and which claims
 * of its tokens say who is calling. Cognito by default; a district where Cognito is absent (the
 * China regions) names another OpenID Connect issuer, which the HTTP API's JWT authorizer trusts.
 * The section's schema is the district config's `identity` (lib/district/platform-parts.ts, where
 * the China partition's parts are declared beside it); this module reads it.
 */
import { type IdentityConfig, identitySchema } from '../district/platform-parts.ts';

export const identitySettingsSchema = identitySchema;

export type IdentitySettings = IdentityConfig;

export const defaultIdentitySettings: IdentitySettings = { provider: 'cognito' };

/** The claims the handlers read, whichever the provider. */
export function identityClaims(settings: IdentitySettings): { subject: string; groups: string } {
  return settings.provider === 'cognito'
    ? { subject: 'sub', groups: 'cognito:groups' }
    : { subject: settings.subjectClaim, groups: settings.groupsClaim };
}
