/**
 * The text outbox (#12): a text to send is written to the table as an item of its own, keyed by its
 * dedupe key, where possible in the transaction of the write that causes it (a need with its first
 * code, a resend's pending code); one stream consumer (functions/notifications/send-text-message.ts)
 * sends it, so no function in the request path or the watchdog carries the SMS client, and a send
 * that fails after the need was written is retried rather than lost. Pure: the rules only.
 */
import type { AttemptResult } from '#lib/delivery/attempt-result.ts';
import type { ChannelType } from '#lib/notifications/channels.ts';
import type { NotificationEvent } from '#lib/notifications/notification-event.ts';
import type { TextMessage } from './text-message.ts';

/**
 * A partner's notification on its SMS or email channel: the delivery log entry the sender closes
 * with the outcome (the operators' deliveries page), and the offer's expiry, after which the
 * notification is not sent. The shape of lib/data/notifications-repository.ts `DeliveryTarget`.
 */
export interface OutboxDelivery {
  notification: { id: string; partnerId: string; event: NotificationEvent; offerId: string; occurredAt: string };
  channelKey: string;
  channelType: ChannelType;
  /** The channel with its phone or address masked (describeChannel). */
  channel: string;
  offerExpiresAt?: string;
}

/** An email to a partner: SNS publishes it to the district's email topic, which the address is subscribed to. */
export interface EmailMessage {
  channel: 'email';
  /** The address (personal data: removed with the text when the item is closed). */
  to: string;
  title: string;
  text: string;
  purpose: 'partnerOffer';
  dedupeKey: string;
  /** The partner it is for (the topic's filter attribute, and the log's). */
  subject: string;
}

/** What the outbox holds: a text (the default channel) or an email, and, for a partner's notification, its delivery. */
export type OutboxMessage = ((TextMessage & { channel?: 'sms' }) | EmailMessage) & { delivery?: OutboxDelivery };

/** Sends of one text, counted on its item: the last one that fails is recorded as a final failure. */
export const textSendAttempts = 4;

/**
 * The item holds a phone number (PIPL): about a day, the longest a stream record that causes a text
 * can still arrive (the consumers' maxRecordAgeSeconds); sent or given up, it keeps the outcome only.
 */
export const textKeepSeconds = 86_400;

/**
 * A claim older than this died with its function (30 s timeout) and may be taken again: shorter than
 * the consumer queue's visibility timeout (180 s), so the redelivery after a timeout takes it.
 */
export const staleClaimSeconds = 60;

/**
 * `failed` is final: a refusal that retrying cannot change (`gaveUp: false`: a bad number, no
 * provider), or the last attempt after failures that could have passed (`gaveUp: true`: the
 * provider down or throttling for longer than the attempts last, which operators should hear of).
 */
export type TextOutcome = { status: 'sent' } | { status: 'skipped'; reason: string } | { status: 'failed'; error: string; gaveUp: boolean } | { status: 'retry'; error: string };

/** What one send (the `attempt`-th) comes to: sent, failed for good, or to be tried again by the stream. */
export function outcomeOf(result: AttemptResult | { skip: string }, attempt: number): TextOutcome {
  if ('skip' in result) return { status: 'skipped', reason: result.skip };
  if (result.ok) return { status: 'sent' };
  const reason = withoutNumbers(result.error);
  if (!result.retryable) return { status: 'failed', error: reason, gaveUp: false };
  if (attempt < textSendAttempts) return { status: 'retry', error: reason };
  return { status: 'failed', error: `gave up after ${attempt} attempts: ${reason}`, gaveUp: true };
}

/** Why a partner's notification is not sent at all (its offer expired while it waited), or undefined. */
export function notSentBecause(message: OutboxMessage, now: Date): string | undefined {
  const expiresAt = message.delivery?.offerExpiresAt;
  if (expiresAt && Date.parse(expiresAt) <= now.getTime()) return 'the offer expired before it could be delivered';
  return undefined;
}

/** A provider's error may quote the number it refused: kept and logged without any run of digits that could be one. */
export function withoutNumbers(error: string): string {
  return error.replace(/\+?\d[\d -]{5,}\d/g, '…');
}
