import type { DynamoDBRecord } from 'aws-lambda';
import { dedupeKeyOfTextPk } from '#lib/data/keys.ts';
import { logger } from '#lib/observability/logger.ts';
import { streamHandler } from '#lib/streams/stream-handler.ts';
import { sendQueuedText } from '#lib/use-cases/send-text-message.ts';

/**
 * A text queued in the outbox (lib/messaging/text-outbox.ts): sent once. The record carries only
 * the item's keys (topology: `forwards: 'keys'`), so the phone number never sits in this consumer's
 * queue or failure queue; the text itself comes from the item when it is claimed, so a record
 * redelivered after the send finds nothing left to send.
 */
export async function sendTextOfRecord(record: DynamoDBRecord): Promise<void> {
  const dedupeKey = dedupeKeyOfTextPk(record.dynamodb?.Keys?.pk?.S);
  if (dedupeKey === undefined) return;
  const outcome = await sendQueuedText(dedupeKey);
  if (outcome === 'notQueued') logger.info('text already sent or given up', { dedupeKey });
}

export const handler = streamHandler(sendTextOfRecord);
