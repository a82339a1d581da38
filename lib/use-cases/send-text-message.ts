/**
 * The text outbox's sender (lib/messaging/text-outbox.ts): a queued text is claimed, sent once
 * through the district's text-message sender, and closed with its outcome (the phone number and
 * the text removed). A send worth retrying gives the claim back and throws, so the stream delivers
 * the record again; the last allowed attempt records the failure and still throws, so that the
 * record lands in the consumer's failure queue, whose depth alarms the operators. A refusal that no
 * retry can change (a bad number, no provider in the district) is recorded and logged only.
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
  await recordTextOutcome(dedupeKey, outcome.status === 'sent' ? outcome : { status: 'failed', error: outcome.error }, now());
  if (outcome.status === 'sent') {
    logger.info('text sent', about);
    return 'sent';
  }
  if (outcome.gaveUp) throw new Error(`text ${dedupeKey} not sent, given up and recorded: ${outcome.error}`);
  logger.warn('text not sent', { ...about, error: outcome.error });
  return 'failed';
}
