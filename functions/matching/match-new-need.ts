import type { DynamoDBRecord } from 'aws-lambda';
import { needFromItem } from '#lib/data/needs-repository.ts';
import { dispatchNeed } from '#lib/use-cases/dispatch-need.ts';
import { logger } from '#lib/observability/logger.ts';
import { liveDistrict } from '#lib/settings/live-district.ts';
import { newImageOf, streamHandler } from '#lib/streams/stream-handler.ts';

/** A new need, or one confirmed or sent back to matching: offer it to the best partner, or escalate it with the reason. */
export async function matchNewNeed(record: DynamoDBRecord): Promise<void> {
  const image = newImageOf(record);
  if (!image) return;
  const need = needFromItem(image);
  logger.setCorrelationId(need.correlationId);
  const result = await dispatchNeed(need.id, await liveDistrict());
  logger.info('dispatched new need', { needId: need.id, ...result });
}

export const handler = streamHandler(matchNewNeed);
