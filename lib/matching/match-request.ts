/**
 * A need as the matcher sees it: what, where, when, how urgent, for whom, and which partners have
 * already declined it or let an offer expire. The needs module builds one from a stored need.
 */
import * as z from 'zod';
import { serviceCategoryCodes } from '../catalog/service-categories.ts';
import { geoPointSchema } from '../common/contact-values.ts';
import { specialGroups, urgencies } from '../needs/need-submission.ts';

const instant = z.iso.datetime({ offset: true });

export const matchRequestSchema = z.object({
  needId: z.string().min(1),
  category: z.enum(serviceCategoryCodes),
  communityId: z.string().min(1),
  gridId: z.string().min(1).optional(),
  location: geoPointSchema.optional(),
  preferredWindow: z
    .object({ from: instant, to: instant })
    .refine((window) => Date.parse(window.from) < Date.parse(window.to), 'the window must end after it starts')
    .optional(),
  urgency: z.enum(urgencies).default('normal'),
  specialGroups: z.array(z.enum(specialGroups)).default([]),
  submittedAt: instant,
  /** Partners that declined this need or let an offer for it expire. */
  excludedPartnerIds: z.array(z.string()).default([]),
});

export type MatchRequest = z.output<typeof matchRequestSchema>;
export type MatchRequestInput = z.input<typeof matchRequestSchema>;
