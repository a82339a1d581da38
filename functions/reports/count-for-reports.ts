import type { DynamoDBRecord } from 'aws-lambda';
import { needFromItem } from '#lib/data/needs-repository.ts';
import { countNeed } from '#lib/data/report-counters-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { logger } from '#lib/observability/logger.ts';
import { contributionOf } from '#lib/reports/report-counters.ts';
import { newImageOf, streamHandler } from '#lib/streams/stream-handler.ts';

const district = currentDistrict();

/** A need written or changed: its cell of the report counters follows its new state, once. */
export async function countForReports(record: DynamoDBRecord): Promise<void> {
  const image = newImageOf(record);
  if (!image) return;
  const need = needFromItem(image);
  const outcome = await countNeed(need.id, contributionOf(need, district.timeZone));
  logger.debug('report counters', { needId: need.id, version: need.version, outcome });
}

export const handler = streamHandler(countForReports);
