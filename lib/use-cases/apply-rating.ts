/**
 * Closes the loop on a new rating: the partner's reputation counters, its points for the order and,
 * for one or two stars, a follow-up (回访) for operators; exactly once per order.
 */
import { getPartner } from '../data/partners-repository.ts';
import { applyRating } from '../data/ratings-repository.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { logger } from '../observability/logger.ts';
import { pointsForRatedOrder } from '../reputation/points-rules.ts';
import { needsFollowUp, type Rating } from '../reputation/rating.ts';

export async function applyNewRating(rating: Rating, district: DistrictConfig): Promise<boolean> {
  const partner = await getPartner(rating.partnerId);
  const award = pointsForRatedOrder(
    { priceMode: partner?.priceMode ?? 'market', specialGroups: rating.specialGroups, stars: rating.stars },
    district.points,
  );
  const applied = await applyRating(rating, award, needsFollowUp(rating));
  logger.info(applied ? 'rating applied' : 'rating already applied', { stars: rating.stars, points: award.points });
  return applied;
}
