/**
 * The text outbox's sender (lib/messaging/text-outbox.ts): a queued text is claimed, sent once
 * through the district's text-message sender, and closed with its outcome (the phone number and
 * the text removed). A send worth retrying gives the claim back and throws, so the stream delivers
 * the record again; the last allowed attempt records the failure instead.
 */
import { now as currentTime } from '../common/clock.ts';
import { claimTextMessage, recordTextOutcome, releaseTextMessage } from '../data/text-outbox-repository.ts';
import { textMessageSender } from '../delivery/text-message-sender.ts';
import { outcomeOf } from '../messaging/text-outbox.ts';
import { logger } from '../observability/logger.ts';

export type SendOutcome = 'sent' | 'failed' | 'notQueued';

export async function sendQueuedText(dedupeKey: string, now: () => Date = currentTime): Promise<SendOutcome> {
  const claimed = await claimTextMessage(dedupeKey, now());
  // Sent, given up or expired: a redelivered record sends nothing.
  if (claimed === 'done') return 'notQueued';
  // Another delivery's live claim: tried again by the stream until it is sent or its claim is stale.
  if (claimed === 'busy') throw new Error(`text ${dedupeKey} is being sent by another delivery`);
  const { message, attempt } = claimed;
  const outcome = outcomeOf(await textMessageSender().send(message), attempt);
  // Logged by its key, purpose and subject (a need's id): never the number or the text.
  const about = { dedupeKey, purpose: message.purpose, subject: message.subject, attempt };
  if (outcome.status === 'retry') {
    await releaseTextMessage(dedupeKey, outcome.error);
    throw new Error(`text ${dedupeKey} not sent (attempt ${attempt}), to be retried: ${outcome.error}`);
  }
  await recordTextOutcome(dedupeKey, outcome, now());
  if (outcome.status === 'failed') logger.warn('text not sent', { ...about, error: outcome.error });
  else logger.info('text sent', about);
  return outcome.status;
}
