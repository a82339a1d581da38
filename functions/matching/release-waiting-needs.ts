import type { DynamoDBRecord } from 'aws-lambda';
import { currentDistrict } from '#lib/district/current-district.ts';
import { logger } from '#lib/observability/logger.ts';
import { newImageOf, oldImageOf, streamHandler } from '#lib/streams/stream-handler.ts';
import { releaseWaitingNeeds } from '#lib/use-cases/release-waiting-needs.ts';

const district = currentDistrict();

const openOrdersOf = (image: Record<string, unknown> | undefined) => (typeof image?.openOrders === 'number' ? image.openOrders : 0);

/** A partner's open orders went down: a place freed up, so the needs waiting for it are dispatched again. */
export async function releaseOnFreedPlace(record: DynamoDBRecord): Promise<void> {
  const after = openOrdersOf(newImageOf(record));
  if (after >= openOrdersOf(oldImageOf(record))) return;
  const partnerId = String(record.dynamodb?.Keys?.pk?.S ?? '').replace(/^PARTNER#/, '');
  const results = await releaseWaitingNeeds(partnerId, district, after);
  if (results.length > 0) logger.info('waiting needs released', { partnerId, results });
}

export const handler = streamHandler(releaseOnFreedPlace);
