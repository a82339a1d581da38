/**
 * A candidate is a partner together with its live standing: the figures that change with every
 * order and rating, kept apart from the profile an operator edits.
 */
import * as z from 'zod';
import type { Partner } from '../partners/partner.ts';

const count = z.number().int().min(0).default(0);

export const partnerStandingSchema = z.object({
  partnerId: z.string().min(1),
  openOrders: count,
  /** Orders received in the recent window (7 days by convention); drives rotation. */
  recentOrders: count,
  /** Mean of residents' ratings on a 1..5 star scale, and how many ratings it rests on. */
  reputation: z.object({ mean: z.number().min(1).max(5).default(5), count }).prefault({}),
  reliability: z.object({ offered: count, accepted: count, completed: count, cancelled: count }).prefault({}),
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
