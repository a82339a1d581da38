/**
 * The resident's rating of a completed order (居民评单): once per order, within the rating window,
 * 1 to 5 stars, a short comment and tags. Low ratings (1 or 2 stars) open a follow-up (回访).
 */
import * as z from 'zod/mini';
import { Conflict } from '../common/domain-errors.ts';
import { canRate, completedAt, type Need, ratingWindowDays } from '../needs/need.ts';

export const ratingTags = ['onTime', 'friendly', 'skilled', 'tidy', 'late', 'notSolved'] as const;

export const ratingSchema = z.strictObject({
  stars: z.number().check(z.int('a whole number of stars'), z.minimum(1, '1 to 5 stars'), z.maximum(5, '1 to 5 stars')),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(500, 'at most 500 characters'))),
  tags: z.pipe(
    z._default(z.array(z.enum(ratingTags)).check(z.maxLength(ratingTags.length)), []),
    z.transform((tags) => [...new Set(tags)]),
  ),
});

export type RatingInput = z.output<typeof ratingSchema>;

export const followUpAtOrBelowStars = 2;

export interface Rating extends RatingInput {
  needId: string;
  partnerId: string;
  category: string;
  specialGroups: string[];
  at: string;
  /** Set by an operator when the outcome was outside the partner's control: kept, but not scored. */
  excluded?: { by: string; reason: string; at: string };
}

/** The rated need and the rating record; refuses a rating the rules do not allow, saying why. */
export function rateNeed(need: Need, input: RatingInput, now: Date): { need: Need; rating: Rating } {
  if (!canRate(need, now)) {
    const why =
      need.rating ? 'this order has already been rated'
      : need.status !== 'completed' ? `only a completed order can be rated; this one is ${need.status}`
      : `the ${ratingWindowDays} days for rating this order have passed`;
    throw new Conflict(why, { status: need.status, rated: Boolean(need.rating), completedAt: completedAt(need)?.toISOString() });
  }
  const partnerId = need.assignedPartner?.id;
  if (!partnerId) throw new Conflict('this order has no partner to rate', { status: need.status });
  const at = now.toISOString();
  const rating: Rating = { ...input, needId: need.id, partnerId, category: need.category, specialGroups: need.specialGroups, at };
  const { comment, tags, stars } = input;
  return {
    need: { ...need, rating: { stars, tags, at, ...(comment ? { comment } : {}) }, updatedAt: at, version: need.version + 1 },
    rating,
  };
}

export function needsFollowUp(rating: Pick<Rating, 'stars'>): boolean {
  return rating.stars <= followUpAtOrBelowStars;
}
