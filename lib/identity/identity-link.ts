/**
 * The record that says which partner a signed-in identity acts for: (issuer, subject) → partner.
 * Written when an operator gives a partner its login (POST /partners/{id}/login); read on every
 * partner request. An identity without a link acts for nobody (403), whatever its token says.
 */
import * as z from 'zod/mini';
import { mainlandMobile } from '../common/contact-values.ts';

export interface IdentityLink {
  issuer: string;
  subject: string;
  partnerId: string;
  /** The mobile number the login signs in with, when the provider signs in by phone. */
  phone?: string;
  linkedAt: string;
  /** The operator who linked it. */
  linkedBy: string;
}

/** What an operator sends to give a partner its login. With an OpenID Connect issuer the subject is the issuer's. */
export const partnerLoginRequestSchema = z.strictObject({
  phone: mainlandMobile,
  subject: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
});

export type PartnerLoginRequest = z.output<typeof partnerLoginRequestSchema>;

export function newIdentityLink(fields: Omit<IdentityLink, 'linkedAt'>, now: Date): IdentityLink {
  return { ...fields, linkedAt: now.toISOString() };
}
