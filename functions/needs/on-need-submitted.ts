import { changeNeed, needFromItem } from '#lib/data/needs-repository.ts';
import { acknowledgeReceipt } from '#lib/needs/need.ts';
import { logger } from '#lib/observability/logger.ts';
import { newImageOf, streamHandler } from '#lib/streams/stream-handler.ts';
import type { DynamoDBRecord } from 'aws-lambda';

/** Records the community's receipt of a new need in its timeline, once per need. */
export async function onNeedSubmitted(record: DynamoDBRecord): Promise<void> {
  const image = newImageOf(record);
  if (!image) return;
  const need = needFromItem(image);
  logger.setCorrelationId(need.correlationId);
  const received = await changeNeed(need.id, (current) => acknowledgeReceipt(current, new Date()), need);
  logger.info(received ? 'need received' : 'need already received', { needId: need.id });
}

export const handler = streamHandler(onNeedSubmitted);
