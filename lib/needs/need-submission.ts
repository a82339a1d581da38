/**
 * What a resident's form sends to POST /needs, and the checks that need the district's
 * configuration (known category and community, grid inside the community).
 */
import * as z from 'zod/mini';
import { serviceCategoryCodes } from '../catalog/service-categories.ts';
import { geoPointSchema, mainlandMobile } from '../common/contact-values.ts';
import type { FieldProblem } from '../common/domain-errors.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { enabledCategories, findCommunity } from '../district/district-lookups.ts';

export const specialGroups = ['elderly80', 'livingAlone', 'disabled', 'seriouslyIll', 'infant'] as const;
/** Sensitive personal information under PIPL art. 28 (health, disability, children under 14): shared only with separate consent. */
export const sensitiveSpecialGroups: readonly SpecialGroup[] = ['disabled', 'seriouslyIll', 'infant'];
export const urgencies = ['normal', 'urgent'] as const;

/** Matching walks the window's duty stretches, so its length and distance bound the work a need causes. */
export const preferredWindowLimits = { maxDaysLong: 14, maxDaysAhead: 30 } as const;
const dayMs = 24 * 60 * 60 * 1000;

const isoInstant = z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00+08:00' });

export const needSubmissionSchema = z.strictObject({
  category: z.string().check(z.minLength(1), z.maxLength(64)),
  description: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(2000, 'at most 2000 characters')),
  communityId: z.string().check(z.minLength(1), z.maxLength(64)),
  gridId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  address: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200, 'at most 200 characters'))),
  location: z.optional(z.strictObject(geoPointSchema.shape)),
  preferredWindow: z.optional(
    z.strictObject({ from: isoInstant, to: isoInstant }).check(
      z.refine((window) => Date.parse(window.from) < Date.parse(window.to), { message: 'must end after it starts', path: ['to'] }),
      z.refine((window) => Date.parse(window.to) - Date.parse(window.from) <= preferredWindowLimits.maxDaysLong * dayMs, {
        message: `at most ${preferredWindowLimits.maxDaysLong} days long`,
        path: ['to'],
      }),
    ),
  ),
  urgency: z._default(z.enum(urgencies), 'normal'),
  specialGroups: z.pipe(
    z._default(z.array(z.enum(specialGroups)).check(z.maxLength(specialGroups.length)), []),
    z.transform((groups) => [...new Set(groups)]),
  ),
  contact: z.strictObject({
    name: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(50, 'at most 50 characters')),
    phone: mainlandMobile,
  }),
  /**
   * What the resident agreed to on the form: the personal information for this need (required when
   * given), and separately the sensitive part. Absent when another system or a worker submits on the
   * resident's behalf, having asked them; sensitive groups then need `sensitive: true` too.
   */
  consent: z.optional(
    z.strictObject({
      personalInfo: z.literal(true, 'the resident must agree to share the contact for this need'),
      sensitive: z._default(z.boolean(), false),
    }),
  ),
});

export type NeedSubmission = z.output<typeof needSubmissionSchema>;
export type SpecialGroup = (typeof specialGroups)[number];
export type Urgency = (typeof urgencies)[number];

/** Problems that only the district's configuration can reveal; empty when the submission fits. */
export function checkAgainstDistrict(submission: NeedSubmission, district: DistrictConfig, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!enabledCategories(district).some((category) => category.code === submission.category)) {
    const known = (serviceCategoryCodes as readonly string[]).includes(submission.category);
    problems.push({
      field: 'category',
      code: 'unknown_value',
      detail: known ? 'this service is not offered in this district' : 'not a known service category (see GET /catalog)',
    });
  }
  const community = findCommunity(district, submission.communityId);
  if (!community) {
    problems.push({ field: 'communityId', code: 'unknown_value', detail: 'not a community of this district (see GET /catalog)' });
  } else if (submission.gridId && !community.grids.some((grid) => grid.id === submission.gridId)) {
    problems.push({ field: 'gridId', code: 'unknown_value', detail: `not a grid of community ${community.id}` });
  }
  if (submission.preferredWindow && Date.parse(submission.preferredWindow.to) <= now.getTime()) {
    problems.push({ field: 'preferredWindow.to', code: 'in_past', detail: 'the window has already ended' });
  }
  if (
    submission.preferredWindow &&
    Date.parse(submission.preferredWindow.from) > now.getTime() + preferredWindowLimits.maxDaysAhead * dayMs
  ) {
    problems.push({
      field: 'preferredWindow.from',
      code: 'too_far_ahead',
      detail: `must start within ${preferredWindowLimits.maxDaysAhead} days`,
    });
  }
  return problems;
}
