import type { DynamoDBRecord } from 'aws-lambda';
import { getPartner } from '#lib/data/partners-repository.ts';
import { applyRating } from '#lib/data/ratings-repository.ts';
import { logger } from '#lib/observability/logger.ts';
import { pointsForRatedOrder } from '#lib/reputation/points-rules.ts';
import { liveDistrict } from '#lib/settings/live-district.ts';
import { needsFollowUp, type Rating } from '#lib/reputation/rating.ts';
import { newImageOf, streamHandler } from '#lib/streams/stream-handler.ts';

/**
 * Closes the loop on a new rating: the partner's reputation counters, its points for the order and,
 * for one or two stars, a follow-up (回访) for operators; exactly once per order.
 */
export async function applyNewRating(record: DynamoDBRecord): Promise<void> {
  const image = newImageOf(record);
  if (!image) return;
  const { pk, sk, type, ...fields } = image;
  const rating = fields as unknown as Rating;
  logger.appendKeys({ needId: rating.needId, partnerId: rating.partnerId });
  const partner = await getPartner(rating.partnerId);
  const award = pointsForRatedOrder(
    { priceMode: partner?.priceMode ?? 'market', specialGroups: rating.specialGroups, stars: rating.stars },
    (await liveDistrict()).points,
  );
  const applied = await applyRating(rating, award, needsFollowUp(rating));
  logger.info(applied ? 'rating applied' : 'rating already applied', { stars: rating.stars, points: award.points });
}

export const handler = streamHandler(applyNewRating);
