/**
 * Delivers one notification on each of a partner's channels, in parallel, each with retries and
 * backoff inside the invocation, and records every attempt in the delivery log. A channel that
 * fails is logged and left: it never fails the stream record, because the cascade must not wait
 * on a partner's server (the offer expires on its own and the need moves on). Only a failing
 * table write is thrown, so Lambda retries the record; a channel already delivered is not re-sent.
 */
import { type DeliveryStatus, getDelivery, recordDelivery, type DeliveryTarget } from '../data/notifications-repository.ts';
import { channelKey, describeChannel, type ChannelType, type NotificationChannel } from '../notifications/channels.ts';
import type { Notification } from '../notifications/notification.ts';
import { backoffDelays, defaultRetryPolicy, fitsBefore, type RetryPolicy } from '../notifications/retry-schedule.ts';
import { logger } from '../observability/logger.ts';
import type { AttemptResult } from './attempt-result.ts';
import { type ChannelPlan, planFor } from './channel-attempts.ts';

export interface ChannelOutcome {
  channelKey: string;
  channelType: ChannelType;
  status: Exclude<DeliveryStatus, 'retrying'> | 'alreadyDelivered';
  /** Attempts made by this invocation. */
  attempts: number;
  lastError?: string;
}

export interface DeliveryOptions {
  /** Epoch ms by which the last attempt must have finished (the Lambda deadline less a margin). */
  deadline?: number;
  policy?: RetryPolicy;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** How a channel is tried; tests replace it. */
  plan?: (channel: NotificationChannel, notification: Notification, timeoutMs: number) => ChannelPlan;
}

/** Not even one attempt fits before the deadline: the record is failed so Lambda retries it later. */
export class NoTimeToDeliver extends Error {}

const pause = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export async function deliverNotification(
  notification: Notification,
  channels: readonly NotificationChannel[],
  options: DeliveryOptions = {},
): Promise<ChannelOutcome[]> {
  const settled = await Promise.allSettled(channels.map((channel) => deliverOnChannel(notification, channel, options)));
  const thrown = settled.find((result) => result.status === 'rejected');
  if (thrown) throw thrown.reason;
  return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}

async function deliverOnChannel(
  notification: Notification,
  channel: NotificationChannel,
  options: DeliveryOptions,
): Promise<ChannelOutcome> {
  const policy = options.policy ?? defaultRetryPolicy;
  const clock = options.clock ?? (() => new Date());
  const sleep = options.sleep ?? pause;
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  const target: DeliveryTarget = {
    notification,
    channelKey: channelKey(channel),
    channelType: channel.type,
    channel: describeChannel(channel),
  };
  const outcome = (status: ChannelOutcome['status'], attempts: number, lastError?: string): ChannelOutcome => ({
    channelKey: target.channelKey,
    channelType: channel.type,
    status,
    attempts,
    ...(lastError ? { lastError } : {}),
  });

  if ((await getDelivery(notification.id, target.channelKey))?.status === 'delivered') return outcome('alreadyDelivered', 0);

  const plan = (options.plan ?? planFor)(channel, notification, policy.attemptTimeoutMs);
  if ('skip' in plan) {
    await recordDelivery(target, { status: 'skipped', at: clock().toISOString(), attempted: false, reason: plan.skip });
    return outcome('skipped', 0);
  }

  if (!fitsBefore(deadline, clock().getTime(), 0, policy)) throw new NoTimeToDeliver(`no time left to deliver ${notification.id}`);
  const delays = backoffDelays(policy);
  for (let attempts = 1; ; attempts++) {
    const at = clock();
    const result = await safely(() => plan.attempt(at));
    if (result.ok) {
      const recorded = await recordDelivery(target, {
        status: 'delivered',
        at: at.toISOString(),
        attempted: true,
        ...statusCodeOf(result),
      });
      return outcome(recorded ? 'delivered' : 'alreadyDelivered', attempts);
    }
    const nextDelay = delays[attempts - 1];
    const outOfTime = result.retryable && nextDelay !== undefined && !fitsBefore(deadline, clock().getTime(), nextDelay, policy);
    const error = outOfTime ? `${result.error} (no time left for another attempt)` : result.error;
    const final = !result.retryable || nextDelay === undefined || outOfTime;
    await recordDelivery(target, {
      status: final ? 'failed' : 'retrying',
      at: at.toISOString(),
      attempted: true,
      error,
      ...statusCodeOf(result),
    });
    if (final) {
      logger.warn('notification not delivered', { notificationId: notification.id, channel: target.channel, attempts, error });
      return outcome('failed', attempts, error);
    }
    await sleep(nextDelay);
  }
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
