/**
 * A district's configuration: the data that makes one deployment differ from another.
 * Validated with zod wherever it is read (CDK app, local runtime, Lambda cold start).
 */
import * as z from 'zod';
import { type ServiceCategory, serviceCategories, serviceCategoryCodes } from '../catalog/service-categories.ts';
import { matchingSettingsSchema } from '../matching/matching-settings.ts';
import { notificationChannelSchema } from '../notifications/channels.ts';
import { privacySettingsSchema } from '../needs/privacy-settings.ts';
import { submissionLimitsSchema } from '../needs/submission-limits.ts';
import { pointsRulesSchema } from '../reputation/points-rules.ts';
import { chinaPartsSchema, identitySchema, smsSchema, webSchema } from './platform-parts.ts';

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and hyphens, starting with a letter or digit');

const bilingualName = z.object({ zh: z.string().min(1), en: z.string().min(1) });

const gridSchema = z.object({ id: slug, name: bilingualName });

const communitySchema = z.object({
  id: slug,
  name: bilingualName,
  subdistrict: bilingualName.optional(),
  /** Where the community's service centre is; used for distances when a need has no location. */
  centre: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
  grids: z.array(gridSchema).default([]),
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
    timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai').default('Asia/Shanghai'),
    communities: z.array(communitySchema).min(1),
    /** Category codes offered in this district; all known categories when omitted. */
    enabledCategories: z.array(z.enum(serviceCategoryCodes)).min(1).optional(),
    /** Weights, timeouts and limits of the matcher; every field has a default. */
    matching: matchingSettingsSchema.prefault({}),
    /** How many points a completed and rated order earns its partner. */
    points: pointsRulesSchema.prefault({}),
    /**
     * Where operators hear of escalations and watchdog breaches, besides their inbox route: a WeCom
     * or DingTalk group robot, a webhook, or an SMS number (shaped like a partner's channel). Alerts
     * stay in the inbox `retentionDays` (DynamoDB TTL; the inbox lists no older ones).
     */
    operatorAlerts: z
      .object({ channel: notificationChannelSchema.optional(), retentionDays: z.number().int().min(1).max(366).default(90) })
      .prefault({}),
    /** Who signs staff in: Cognito, or an OpenID Connect issuer for the JWT authorizer. */
    identity: identitySchema.prefault({ provider: 'cognito' }),
    /** Who sends text messages. */
    sms: smsSchema.prefault({}),
    /** How the resident pages are served. */
    web: webSchema.prefault({ hosting: 'cloudfront' }),
    /** The parts used instead where the district is deployed in the China partition (no Cognito, no SNS SMS, no CloudFront OAC). */
    china: chinaPartsSchema.prefault({}),
    /** Limits on the public form per phone number and per client (lib/needs/submission-limits.ts). */
    submissions: submissionLimitsSchema.prefault({}),
    /** How long partners see residents' contact, and when personal data is removed (lib/needs/personal-data.ts). */
    privacy: privacySettingsSchema.prefault({}),
    /** Open311 GeoReport v2 (#11): SHA-256 (hex) of each api_key accepted for POST requests; none set, no key needed. */
    open311: z
      .object({ apiKeySha256: z.array(z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 of a key, 64 lower-case hex digits')).default([]) })
      .prefault({}),
  })
  .superRefine((config, context) => {
    const seen = new Set<string>();
    config.communities.forEach((community, communityIndex) => {
      if (seen.has(community.id)) {
        context.addIssue({ code: 'custom', path: ['communities', communityIndex, 'id'], message: `duplicate community id ${community.id}` });
      }
      seen.add(community.id);
      const grids = new Set<string>();
      community.grids.forEach((grid, gridIndex) => {
        if (grids.has(grid.id)) {
          context.addIssue({ code: 'custom', path: ['communities', communityIndex, 'grids', gridIndex, 'id'], message: `duplicate grid id ${grid.id}` });
        }
        grids.add(grid.id);
      });
    });
  });

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

export function enabledCategories(config: DistrictConfig): ServiceCategory[] {
  const enabled = config.enabledCategories;
  return serviceCategories.filter((category) => !enabled || (enabled as string[]).includes(category.code));
}

export function findCommunity(config: DistrictConfig, communityId: string): Community | undefined {
  return config.communities.find((community) => community.id === communityId);
}
