/**
 * The partition-appropriate parts of a district's deployment, named in its config: who signs staff
 * in, who sends text messages, how the resident pages are served. The China partition (Beijing
 * cn-north-1, Ningxia cn-northwest-1) has no Cognito, no SMS through SNS and no CloudFront origin
 * access control, and CloudFront there needs an ICP-recorded domain, so a district that may be
 * deployed there says what to use instead in `china` (infra/district-parts.ts picks by region).
 */
import * as z from 'zod/mini';

const httpsUrl = z.url({ protocol: /^https$/, error: 'an https:// URL' });

/** Staff identity behind the HTTP API's JWT authorizer. */
export const identitySchema = z.discriminatedUnion('provider', [
  z.strictObject({ provider: z.literal('cognito') }),
  z.strictObject({
    provider: z.literal('oidc'),
    /** The OpenID Connect issuer (its /.well-known/openid-configuration lists the signing keys). */
    issuer: httpsUrl,
    /** Accepted `aud` values (or `client_id` of access tokens). */
    audience: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
    subjectClaim: z._default(z.string().check(z.minLength(1)), 'sub'),
    groupsClaim: z._default(z.string().check(z.minLength(1)), 'groups'),
    /**
     * How an operator's token shows a second factor (lib/identity/operator-assurance.ts): the claim
     * and the values of which it must list one. Unset: `amr` listing `mfa` (RFC 8176).
     */
    operatorMfa: z.optional(
      z.strictObject({
        claim: z.string().check(z.minLength(1), z.maxLength(100)),
        anyOf: z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.minLength(1), z.maxLength(20)),
      }),
    ),
  }),
]);

/** Who sends text messages (lib/delivery/text-message-sender.ts). */
export const smsSchema = z.strictObject({ provider: z._default(z.enum(['sns', 'none']), 'sns') });

/** A custom domain of the pages' distribution, with its certificate. */
const webDomainSchema = z.strictObject({
  name: z.string().check(z.regex(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/, 'a lower-case domain name such as fuwu.example.cn')),
  /** Commercial partition: an ACM certificate in us-east-1. */
  acmCertificateArn: z.optional(z.string().check(z.startsWith('arn:aws:acm:us-east-1:', 'an ACM certificate ARN in us-east-1'))),
  /** China partition: the id of an IAM server certificate (CloudFront there takes no ACM certificate). */
  iamCertificateId: z.optional(
    z.string().check(z.regex(/^[A-Z0-9]{21}$/, 'an IAM server certificate id (21 upper-case letters and digits)')),
  ),
  /** China partition: the domain's ICP record (ICP备案号), shown in the pages' footer as the law requires. */
  icpRecord: z.optional(z.string().check(z.minLength(1))),
});

/** How the resident pages are served: CloudFront in front of a private bucket, or not at all (API only). */
export const webSchema = z.discriminatedUnion('hosting', [
  z.strictObject({ hosting: z.literal('cloudfront'), domain: z.optional(webDomainSchema) }),
  z.strictObject({ hosting: z.literal('none') }),
]);

/** What a district uses where it is deployed in the China partition; each part defaults to what works there. */
export const chinaPartsSchema = z.strictObject({
  identity: z.optional(identitySchema),
  sms: z.prefault(smsSchema, { provider: 'none' }),
  web: z.prefault(webSchema, { hosting: 'none' }),
});

export type IdentityConfig = z.output<typeof identitySchema>;
export type SmsConfig = z.output<typeof smsSchema>;
export type WebConfig = z.output<typeof webSchema>;
