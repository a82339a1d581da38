/**
 * The partition-appropriate parts of a district's deployment, named in its config: who signs staff
 * in, who sends text messages, how the resident pages are served. The China partition (Beijing
 * cn-north-1, Ningxia cn-northwest-1) has no Cognito, no SMS through SNS and no CloudFront origin
 * access control, and CloudFront there needs an ICP-recorded domain, so a district that may be
 * deployed there says what to use instead in `china` (infra/district-parts.ts picks by region).
 */
import * as z from 'zod';

const httpsUrl = z.url({ protocol: /^https$/, error: 'an https:// URL' });

/** Staff identity behind the HTTP API's JWT authorizer. */
export const identitySchema = z.discriminatedUnion('provider', [
  z.strictObject({ provider: z.literal('cognito') }),
  z.strictObject({
    provider: z.literal('oidc'),
    /** The OpenID Connect issuer (its /.well-known/openid-configuration lists the signing keys). */
    issuer: httpsUrl,
    /** Accepted `aud` values (or `client_id` of access tokens). */
    audience: z.array(z.string().min(1)).min(1),
    subjectClaim: z.string().min(1).default('sub'),
    groupsClaim: z.string().min(1).default('groups'),
    /**
     * How an operator's token shows a second factor (lib/identity/operator-assurance.ts): the claim
     * and the values of which it must list one. Unset: `amr` listing `mfa` (RFC 8176).
     */
    operatorMfa: z.strictObject({ claim: z.string().min(1).max(100), anyOf: z.array(z.string().min(1).max(200)).min(1).max(20) }).optional(),
  }),
]);

/** Who sends text messages (lib/delivery/text-message-sender.ts). */
export const smsSchema = z.strictObject({ provider: z.enum(['sns', 'none']).default('sns') });

/** A custom domain of the pages' distribution, with its certificate. */
const webDomainSchema = z.strictObject({
  name: z.string().regex(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/, 'a lower-case domain name such as fuwu.example.cn'),
  /** Commercial partition: an ACM certificate in us-east-1. */
  acmCertificateArn: z.string().startsWith('arn:aws:acm:us-east-1:', 'an ACM certificate ARN in us-east-1').optional(),
  /** China partition: the id of an IAM server certificate (CloudFront there takes no ACM certificate). */
  iamCertificateId: z
    .string()
    .regex(/^[A-Z0-9]{21}$/, 'an IAM server certificate id (21 upper-case letters and digits)')
    .optional(),
  /** China partition: the domain's ICP record (ICP备案号), shown in the pages' footer as the law requires. */
  icpRecord: z.string().min(1).optional(),
});

/** How the resident pages are served: CloudFront in front of a private bucket, or not at all (API only). */
export const webSchema = z.discriminatedUnion('hosting', [
  z.strictObject({ hosting: z.literal('cloudfront'), domain: webDomainSchema.optional() }),
  z.strictObject({ hosting: z.literal('none') }),
]);

/** What a district uses where it is deployed in the China partition; each part defaults to what works there. */
export const chinaPartsSchema = z.strictObject({
  identity: identitySchema.optional(),
  sms: smsSchema.prefault({ provider: 'none' }),
  web: webSchema.prefault({ hosting: 'none' }),
});

export type IdentityConfig = z.output<typeof identitySchema>;
export type SmsConfig = z.output<typeof smsSchema>;
export type WebConfig = z.output<typeof webSchema>;
