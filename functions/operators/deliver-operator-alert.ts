import type { DynamoDBRecord } from 'aws-lambda';
import { currentDistrict } from '#lib/district/current-district.ts';
import type { OperatorAlert } from '#lib/messaging/operator-alert.ts';
import { logger } from '#lib/observability/logger.ts';
import { newImageOf, streamHandler } from '#lib/streams/stream-handler.ts';
import { deliverOperatorAlert } from '#lib/use-cases/deliver-operator-alert.ts';

const district = currentDistrict();

/** An alert written to the operators' inbox: it goes to the district's channel (lib/use-cases/deliver-operator-alert.ts). */
export async function deliverAlertOfRecord(record: DynamoDBRecord): Promise<void> {
  const image = newImageOf(record);
  if (!image) return;
  const alert: OperatorAlert = {
    id: String(image.id),
    kind: image.kind as OperatorAlert['kind'],
    needId: String(image.needId),
    at: String(image.at),
    title: String(image.title),
    lines: Array.isArray(image.lines) ? image.lines.map(String) : [],
  };
  logger.appendKeys({ needId: alert.needId });
  const outcome = await deliverOperatorAlert(alert, district);
  logger.info('operator alert delivery', { alertId: alert.id, outcome });
}

export const handler = streamHandler(deliverAlertOfRecord);
