/**
 * Which identity provider a district's staff (operators, partners) sign in with, and which claims
 * of its tokens say who is calling. Cognito by default; a district where Cognito is absent (the
 * China regions) names another OpenID Connect issuer, which the HTTP API's JWT authorizer trusts.
 */
import { z } from 'zod';

export const cognitoIdentitySchema = z.object({ provider: z.literal('cognito') });

export const oidcIdentitySchema = z.object({
  provider: z.literal('oidc'),
  issuer: z.url({ protocol: /^https$/, error: 'an https URL, exactly as the tokens carry it in `iss`' }),
  /** Client ids (or audiences) the authorizer accepts in `aud` (or `client_id`). */
  audience: z.array(z.string().min(1)).min(1),
  /** The claim that identifies the signed-in person; stable and never reassigned by the issuer. */
  subjectClaim: z.string().min(1).default('sub'),
  /** The claim listing the caller's groups (`operators`, `partners`). */
  groupsClaim: z.string().min(1).default('groups'),
});

export const identitySettingsSchema = z.discriminatedUnion('provider', [cognitoIdentitySchema, oidcIdentitySchema]);

export type IdentitySettings = z.output<typeof identitySettingsSchema>;

export const defaultIdentitySettings: IdentitySettings = { provider: 'cognito' };

/** The claims the handlers read, whichever the provider. */
export function identityClaims(settings: IdentitySettings): { subject: string; groups: string } {
  return settings.provider === 'cognito'
    ? { subject: 'sub', groups: 'cognito:groups' }
    : { subject: settings.subjectClaim, groups: settings.groupsClaim };
}
