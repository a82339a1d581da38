/**
 * A candidate is a partner together with its live standing: the figures that change with every
 * order and rating, kept apart from the profile an operator edits.
 */
import * as z from 'zod/mini';
import type { Partner } from '../partners/partner.ts';

const count = z._default(z.number().check(z.int(), z.minimum(0)), 0);

export const partnerStandingSchema = z.object({
  partnerId: z.string().check(z.minLength(1)),
  openOrders: count,
  /** Orders received in the recent window (7 days by convention); drives rotation. */
  recentOrders: count,
  /** Mean of residents' ratings on a 1..5 star scale, and how many ratings it rests on. */
  reputation: z.prefault(z.object({ mean: z._default(z.number().check(z.minimum(1), z.maximum(5)), 5), count }), {}),
  reliability: z.prefault(z.object({ offered: count, accepted: count, completed: count, cancelled: count }), {}),
});

export type PartnerStanding = z.output<typeof partnerStandingSchema>;

/** Candidates ranked per need at most: enough to rank well (the least loaded active partners come first), small enough for one page. */
export const candidateReadLimit = 200;

export interface Candidate {
  partner: Partner;
  standing: PartnerStanding;
}

/** The standing of a partner with no orders, offers or ratings yet. */
export function newPartnerStanding(partnerId: string): PartnerStanding {
  return partnerStandingSchema.parse({ partnerId });
}
