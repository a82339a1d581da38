/**
 * A district's configuration: the data that makes one deployment differ from another.
 * Validated with zod where it is loaded (CDK app, local runtime); the lookups handlers make in it are
 * in district-lookups.ts.
 */
import * as z from 'zod/mini';
import { notificationChannelSchema } from '../notifications/channels.ts';
import { privacySettingsSchema } from '../needs/privacy-settings.ts';
import { submissionLimitsSchema } from '../needs/submission-limits.ts';
import { chinaPartsSchema, identitySchema, smsSchema, webSchema } from './platform-parts.ts';
import { enabledCategoriesSection, matchingSection, pointsSection } from './tunable-sections.ts';

const slug = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and hyphens, starting with a letter or digit'));

const bilingualName = z.object({ zh: z.string().check(z.minLength(1)), en: z.string().check(z.minLength(1)) });

const gridSchema = z.object({ id: slug, name: bilingualName });

const communitySchema = z.object({
  id: slug,
  name: bilingualName,
  subdistrict: z.optional(bilingualName),
  /** Where the community's service centre is; used for distances when a need has no location. */
  centre: z.optional(
    z.object({ lat: z.number().check(z.minimum(-90), z.maximum(90)), lng: z.number().check(z.minimum(-180), z.maximum(180)) }),
  ),
  grids: z._default(z.array(gridSchema), []),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const districtConfigSchema = z
  .object({
    id: slug,
    name: bilingualName,
    timeZone: z._default(z.string().check(z.refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai')), 'Asia/Shanghai'),
    communities: z.array(communitySchema).check(z.minLength(1)),
    enabledCategories: enabledCategoriesSection,
    matching: matchingSection,
    points: pointsSection,
    /**
     * Where operators hear of escalations and watchdog breaches, besides their inbox route: a WeCom
     * or DingTalk group robot, a webhook, or an SMS number (shaped like a partner's channel). Alerts
     * stay in the inbox `retentionDays` (DynamoDB TTL; the inbox lists no older ones).
     */
    operatorAlerts: z.prefault(
      z.object({
        channel: z.optional(notificationChannelSchema),
        retentionDays: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(366)), 90),
      }),
      {},
    ),
    /** Who signs staff in: Cognito, or an OpenID Connect issuer for the JWT authorizer. */
    identity: z.prefault(identitySchema, { provider: 'cognito' }),
    /** Who sends text messages. */
    sms: z.prefault(smsSchema, {}),
    /** How the resident pages are served. */
    web: z.prefault(webSchema, { hosting: 'cloudfront' }),
    /** The parts used instead where the district is deployed in the China partition (no Cognito, no SNS SMS, no CloudFront OAC). */
    china: z.prefault(chinaPartsSchema, {}),
    /** Limits on the public form per phone number and per client (lib/needs/submission-limits.ts). */
    submissions: z.prefault(submissionLimitsSchema, {}),
    /** How long partners see residents' contact, and when personal data is removed (lib/needs/personal-data.ts). */
    privacy: z.prefault(privacySettingsSchema, {}),
    /** Open311 GeoReport v2 (#11): SHA-256 (hex) of each api_key accepted for POST requests; none set, no key needed. */
    open311: z.prefault(
      z.object({
        apiKeySha256: z._default(
          z.array(z.string().check(z.regex(/^[0-9a-f]{64}$/, 'the SHA-256 of a key, 64 lower-case hex digits'))),
          [],
        ),
      }),
      {},
    ),
  })
  .check(
    z.superRefine((config, context) => {
      const seen = new Set<string>();
      config.communities.forEach((community, communityIndex) => {
        if (seen.has(community.id)) {
          context.addIssue({
            code: 'custom',
            path: ['communities', communityIndex, 'id'],
            message: `duplicate community id ${community.id}`,
          });
        }
        seen.add(community.id);
        const grids = new Set<string>();
        community.grids.forEach((grid, gridIndex) => {
          if (grids.has(grid.id)) {
            context.addIssue({
              code: 'custom',
              path: ['communities', communityIndex, 'grids', gridIndex, 'id'],
              message: `duplicate grid id ${grid.id}`,
            });
          }
          grids.add(grid.id);
        });
      });
    }),
  );

export type DistrictConfig = z.output<typeof districtConfigSchema>;
export type DistrictConfigInput = z.input<typeof districtConfigSchema>;
export type Community = DistrictConfig['communities'][number];

export function parseDistrictConfig(input: unknown, source = 'district config'): DistrictConfig {
  const result = districtConfigSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`Invalid ${source}:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}
