/**
 * One receive of one delivery (a notification on one of the partner's HTTP channels, from the
 * delivery queue): read the channel from the partner's profile, claim the attempt in the delivery
 * log, try once with a short timeout, record what came of it, and say what the queue should do with
 * the message: done, try again after a delay, or set aside after the last receive. A message for an
 * SMS or email channel (put on the queue before those went through the text outbox) is moved to the
 * outbox, whose sender sends it and closes its log entry.
 */
import {
  claimDelivery,
  type DeliveryStep,
  type DeliveryTarget,
  recordDelivery,
} from '../data/notifications-repository.ts';
import { getPartner } from '../data/partners-repository.ts';
import { queueTextMessage } from '../data/text-outbox-repository.ts';
import type { AttemptResult } from '../delivery/attempt-result.ts';
import { type ChannelPlan, type HttpChannel, planFor } from '../delivery/channel-attempts.ts';
import { channelKey, type ChannelType, describeChannel } from '../notifications/channels.ts';
import type { DeliveryMessage } from '../notifications/delivery-message.ts';
import type { Notification } from '../notifications/notification.ts';
import { isOutboxChannel, partnerOutboxMessage } from '../notifications/partner-outbox-message.ts';
import { defaultRetryPolicy, type RetryPolicy, retryDecision } from '../notifications/retry-schedule.ts';
import { logger } from '../observability/logger.ts';

export type DeliveryOutcome =
  | { outcome: 'delivered' | 'alreadyDelivered' | 'inFlightElsewhere' | 'skipped' | 'failed' | 'movedToOutbox' }
  /** The queue keeps the message hidden this long, then hands it over again. */
  | { outcome: 'retry'; afterSeconds: number }
  /** The last receive failed: the queue sets the message aside (its dead-letter queue). */
  | { outcome: 'deadLetter' };

export interface DeliveryOptions {
  policy?: RetryPolicy;
  clock?: () => Date;
  /** How a channel is tried; unit tests replace it. */
  plan?: (channel: HttpChannel, notification: Notification, timeoutMs: number) => ChannelPlan;
}

/** A claim outlives the attempt it covers by this much (the log writes around it). */
const claimMarginMs = 5000;

export async function deliverToChannel(message: DeliveryMessage, receiveCount: number, options: DeliveryOptions = {}): Promise<DeliveryOutcome> {
  const policy = options.policy ?? defaultRetryPolicy;
  const clock = options.clock ?? (() => new Date());
  const { notification } = message;
  const partner = await getPartner(notification.partnerId);
  const channel = partner?.notificationChannels?.find((candidate) => channelKey(candidate) === message.channelKey);
  const target: DeliveryTarget = {
    notification,
    channelKey: message.channelKey,
    channelType: channel?.type ?? channelTypeOf(message.channelKey),
    channel: channel ? describeChannel(channel) : `${channelTypeOf(message.channelKey)} (no longer in the profile)`,
  };
  const skip = async (reason: string): Promise<DeliveryOutcome> => {
    const recorded = await recordDelivery(target, { status: 'skipped', at: clock().toISOString(), attempted: false, reason });
    return { outcome: recorded ? 'skipped' : 'alreadyDelivered' };
  };
  if (!channel) return skip(partner ? 'the channel was removed from the partner’s profile' : 'the partner no longer exists');
  const expiresAt = notification.event === 'offer.created' ? notification.payload.data.expiresAt : undefined;
  if (expiresAt && Date.parse(expiresAt) <= clock().getTime()) return skip('the offer expired before it could be delivered');
  if (isOutboxChannel(channel)) {
    // Its dedupe key is the one notify-partner gives it: moved once, however often the message comes.
    await queueTextMessage(partnerOutboxMessage(notification, message.channelKey, channel), clock());
    return { outcome: 'movedToOutbox' };
  }

  const plan = (options.plan ?? planFor)(channel, notification, policy.requestTimeoutMs);
  const startedAt = clock();
  const claim = await claimDelivery(target, startedAt.getTime(), startedAt.getTime() + policy.requestTimeoutMs + claimMarginMs);
  if (claim === 'delivered') return { outcome: 'alreadyDelivered' };
  // Another receive of the same message is sending right now (SQS delivers at least once): it owns the outcome.
  if (claim === 'inFlight') return { outcome: 'inFlightElsewhere' };

  const result = await safely(() => plan.attempt(startedAt));
  if (result.ok) {
    const recorded = await recordDelivery(target, { status: 'delivered', at: startedAt.toISOString(), attempted: true, ...statusCodeOf(result) });
    return { outcome: recorded ? 'delivered' : 'alreadyDelivered' };
  }
  const decision = retryDecision(receiveCount, result.retryable, policy);
  const step: DeliveryStep = {
    status: decision.retry ? 'retrying' : 'failed',
    at: startedAt.toISOString(),
    attempted: true,
    error: result.error,
    ...statusCodeOf(result),
    ...(!decision.retry && decision.why === 'retriesExhausted' ? { deadLettered: true } : {}),
  };
  if (!(await recordDelivery(target, step))) return { outcome: 'alreadyDelivered' };
  if (decision.retry) return { outcome: 'retry', afterSeconds: decision.afterSeconds };
  logger.warn('notification not delivered', { deliveryId: message.deliveryId, channel: target.channel, attempts: receiveCount, error: result.error });
  // Not worth retrying (a refused address, a 4xx): logged as failed and done. Retries run out: set aside for operators.
  return { outcome: decision.why === 'retriesExhausted' ? 'deadLetter' : 'failed' };
}

/** `webhook-3f2a…` → `webhook`: the type is the key's prefix (lib/notifications/channels.ts). */
function channelTypeOf(key: string): ChannelType {
  const type = key.split('-')[0];
  return type === 'wecom' || type === 'dingtalk' || type === 'sms' || type === 'email' ? type : 'webhook';
}

function statusCodeOf(result: AttemptResult): { statusCode?: number } {
  return result.statusCode === undefined ? {} : { statusCode: result.statusCode };
}

/** A sender that throws (a bug, an SDK surprise) counts as a failed, retryable attempt. */
async function safely(attempt: () => Promise<AttemptResult>): Promise<AttemptResult> {
  try {
    return await attempt();
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), retryable: true };
  }
}
