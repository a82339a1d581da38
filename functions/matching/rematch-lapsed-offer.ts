import type { DynamoDBRecord } from 'aws-lambda';
import { offerFromItem } from '#lib/data/offers-repository.ts';
import { dispatchNeed } from '#lib/use-cases/dispatch-need.ts';
import { logger } from '#lib/observability/logger.ts';
import { liveDistrict } from '#lib/settings/live-district.ts';
import { newImageOf, streamHandler } from '#lib/streams/stream-handler.ts';

/** An offer was declined or expired: offer the need to the next partner, or escalate it. */
export async function rematchLapsedOffer(record: DynamoDBRecord): Promise<void> {
  const image = newImageOf(record);
  if (!image) return;
  const offer = offerFromItem(image);
  logger.setCorrelationId(offer.correlationId);
  logger.appendKeys({ needId: offer.needId, lapsedOffer: offer.id });
  const result = await dispatchNeed(offer.needId, await liveDistrict());
  logger.info('dispatched after lapsed offer', { needId: offer.needId, lapsedStatus: offer.status, ...result });
}

export const handler = streamHandler(rematchLapsedOffer);
