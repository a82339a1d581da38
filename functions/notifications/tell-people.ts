import type { DynamoDBRecord } from 'aws-lambda';
import { needFromItem } from '#lib/data/needs-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import type { NeedStatus } from '#lib/needs/need.ts';
import { logger } from '#lib/observability/logger.ts';
import { newImageOf, oldImageOf, streamHandler } from '#lib/streams/stream-handler.ts';
import { tellPeople } from '#lib/use-cases/tell-people.ts';

const district = currentDistrict();

/** A need changed status: the resident gets a text message, and operators an alert for an escalation. */
export async function tellPeopleOfStep(record: DynamoDBRecord): Promise<void> {
  const image = newImageOf(record);
  if (!image) return;
  const need = needFromItem(image);
  const previous = oldImageOf(record)?.status as NeedStatus | undefined;
  logger.setCorrelationId(need.correlationId);
  // Read per record: the local runtime learns its own address only once its gateway listens.
  const publicBaseUrl = (process.env.PUBLIC_BASE_URL ?? '').replace(/\/+$/, '');
  const told = await tellPeople(previous, need, district, { publicBaseUrl });
  logger.info('people told', { needId: need.id, status: need.status, ...told });
}

export const handler = streamHandler(tellPeopleOfStep);
