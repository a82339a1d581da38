/**
 * A need as the matcher sees it: what, where, when, how urgent, for whom, and which partners have
 * already declined it or let an offer expire. The needs module builds one from a stored need.
 */
import * as z from 'zod/mini';
import { serviceCategoryCodes } from '../catalog/service-categories.ts';
import { geoPointSchema } from '../common/contact-values.ts';
import { specialGroups, urgencies } from '../needs/need-submission.ts';

const instant = z.iso.datetime({ offset: true });

export const matchRequestSchema = z.object({
  needId: z.string().check(z.minLength(1)),
  category: z.enum(serviceCategoryCodes),
  communityId: z.string().check(z.minLength(1)),
  gridId: z.optional(z.string().check(z.minLength(1))),
  location: z.optional(geoPointSchema),
  preferredWindow: z.optional(
    z
      .object({ from: instant, to: instant })
      .check(z.refine((window) => Date.parse(window.from) < Date.parse(window.to), 'the window must end after it starts')),
  ),
  urgency: z._default(z.enum(urgencies), 'normal'),
  specialGroups: z._default(z.array(z.enum(specialGroups)), []),
  submittedAt: instant,
  /** Partners that declined this need or let an offer for it expire. */
  excludedPartnerIds: z._default(z.array(z.string()), []),
});

export type MatchRequest = z.output<typeof matchRequestSchema>;
export type MatchRequestInput = z.input<typeof matchRequestSchema>;
