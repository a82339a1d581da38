import type { DynamoDBRecord } from 'aws-lambda';
import { logger } from '#lib/observability/logger.ts';
import { newImageOf, streamHandler } from '#lib/streams/stream-handler.ts';
import { sendQueuedText } from '#lib/use-cases/send-text-message.ts';

/**
 * A text queued in the outbox (lib/messaging/text-outbox.ts): sent once. Only its dedupe key is
 * read from the record; the text itself comes from the item when it is claimed, so a record
 * redelivered after the send finds nothing left to send.
 */
export async function sendTextOfRecord(record: DynamoDBRecord): Promise<void> {
  const dedupeKey = newImageOf(record)?.dedupeKey;
  if (typeof dedupeKey !== 'string') return;
  const outcome = await sendQueuedText(dedupeKey);
  if (outcome === 'notQueued') logger.info('text already sent or given up', { dedupeKey });
}

export const handler = streamHandler(sendTextOfRecord);
