/**
 * The text outbox's sender (lib/messaging/text-outbox.ts): a queued text (or a partner's email) is
 * claimed, sent once on its channel, and closed with its outcome (the phone number or address and
 * the text removed). A send worth retrying gives the claim back and throws, so the stream delivers
 * the record again; the last allowed attempt records the failure and still throws, so that the
 * record lands in the consumer's failure queue, whose depth alarms the operators. A refusal that no
 * retry can change (a bad number, no provider in the district) is recorded and logged only. A
 * partner's notification also has each outcome written on its delivery log entry, which the
 * operators' deliveries page shows; one whose offer expired while it waited is not sent.
 */
import { now as currentTime } from '../common/clock.ts';
import { type DeliveryStep, recordDelivery } from '../data/notifications-repository.ts';
import { claimTextMessage, recordTextOutcome, releaseTextMessage } from '../data/text-outbox-repository.ts';
import { sendOutboxMessage } from '../delivery/outbox-sends.ts';
import { notSentBecause, type OutboxDelivery, outcomeOf, type TextOutcome } from '../messaging/text-outbox.ts';
import { logger } from '../observability/logger.ts';

export type SendOutcome = 'sent' | 'failed' | 'skipped' | 'notQueued';

export async function sendQueuedText(dedupeKey: string, now: () => Date = currentTime): Promise<SendOutcome> {
  const claimed = await claimTextMessage(dedupeKey, now());
  // Sent, given up or expired: a redelivered record sends nothing.
  if (claimed === 'done') return 'notQueued';
  // Another delivery's live claim: tried again by the stream until it is sent or its claim is stale.
  if (claimed === 'busy') throw new Error(`text ${dedupeKey} is being sent by another delivery`);
  const { message, attempt } = claimed;
  const startedAt = now();
  const skip = notSentBecause(message, startedAt);
  const outcome = outcomeOf(skip ? { skip } : await sendOutboxMessage(message), attempt);
  // The outbox item first: once it is closed or given back, no later delivery of the record can send it
  // twice, even if writing the delivery log fails and the record comes again.
  if (outcome.status === 'retry') await releaseTextMessage(dedupeKey, outcome.error);
  else await recordTextOutcome(dedupeKey, outcome.status === 'failed' ? { status: 'failed', error: outcome.error } : outcome, now());
  if (message.delivery) await recordOnDeliveryLog(message.delivery, outcome, startedAt);
  // Logged by its key, purpose and subject (a need's or partner's id): never the number, the address or the text.
  const about = { dedupeKey, purpose: message.purpose, subject: message.subject, attempt };
  if (outcome.status === 'retry') throw new Error(`text ${dedupeKey} not sent (attempt ${attempt}), to be retried: ${outcome.error}`);
  if (outcome.status === 'sent') {
    logger.info('text sent', about);
    return 'sent';
  }
  if (outcome.status === 'skipped') {
    logger.info('text not sent', { ...about, reason: outcome.reason });
    return 'skipped';
  }
  if (outcome.gaveUp) throw new Error(`text ${dedupeKey} not sent, given up and recorded: ${outcome.error}`);
  logger.warn('text not sent', { ...about, error: outcome.error });
  return 'failed';
}

/** The partner's delivery log entry tells the same story as the outbox item (its error without a number). */
async function recordOnDeliveryLog(delivery: OutboxDelivery, outcome: TextOutcome, at: Date): Promise<void> {
  const { offerExpiresAt, ...target } = delivery;
  const base = { at: at.toISOString(), attempted: outcome.status !== 'skipped' };
  const step: DeliveryStep =
    outcome.status === 'sent'
      ? { ...base, status: 'delivered' }
      : outcome.status === 'skipped'
        ? { ...base, status: 'skipped', reason: outcome.reason }
        : outcome.status === 'retry'
          ? { ...base, status: 'retrying', error: outcome.error }
          : { ...base, status: 'failed', error: outcome.error, ...(outcome.gaveUp ? { deadLettered: true } : {}) };
  await recordDelivery(target, step);
}
