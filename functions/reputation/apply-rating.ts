import type { DynamoDBRecord } from 'aws-lambda';
import { logger } from '#lib/observability/logger.ts';
import type { Rating } from '#lib/reputation/rating.ts';
import { liveDistrict } from '#lib/settings/live-district.ts';
import { newImageOf, streamHandler } from '#lib/streams/stream-handler.ts';
import { applyNewRating as applyRatingOnce } from '#lib/use-cases/apply-rating.ts';

/** A new rating: reputation, points and, for low ratings, a follow-up; exactly once per order. */
export async function applyNewRating(record: DynamoDBRecord): Promise<void> {
  const image = newImageOf(record);
  if (!image) return;
  const { pk, sk, type, ...fields } = image;
  const rating = fields as unknown as Rating;
  logger.appendKeys({ needId: rating.needId, partnerId: rating.partnerId });
  await applyRatingOnce(rating, await liveDistrict());
}

export const handler = streamHandler(applyNewRating);
