/**
 * One receive of one delivery, with the delivery log and the partner in memory (the repositories are
 * replaced) and scripted senders: what is recorded, and what the queue is told to do with the message.
 * The real table, queue and HTTP are in test/integration/notifications/.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryLogEntry, DeliveryStep, DeliveryTarget } from '#lib/data/notifications-repository.ts';
import type { AttemptResult } from '#lib/delivery/attempt-result.ts';
import type { OutboxMessage } from '#lib/messaging/text-outbox.ts';
import { channelKey, type NotificationChannel } from '#lib/notifications/channels.ts';
import { deliveryMessagesOf } from '#lib/notifications/delivery-message.ts';
import type { RetryPolicy } from '#lib/notifications/retry-schedule.ts';
import { offer, offerCreatedNotification, partner, testSecret } from './notification-fixtures.ts';

const log = new Map<string, DeliveryLogEntry & { leaseUntil?: number }>();
let channels: NotificationChannel[] = [];
const outbox = new Map<string, OutboxMessage>();

vi.mock('#lib/data/partners-repository.ts', () => ({
  getPartner: async (id: string) => (id === partner.id ? { ...partner, notificationChannels: channels } : undefined),
}));

vi.mock('#lib/data/notifications-repository.ts', () => ({
  claimDelivery: async (target: DeliveryTarget, now: number, leaseUntil: number) => {
    const entry = log.get(target.channelKey);
    if (entry?.status === 'delivered') return 'delivered';
    if (entry?.leaseUntil !== undefined && entry.leaseUntil >= now) return 'inFlight';
    log.set(target.channelKey, { ...(entry ?? ({ status: 'queued', attempts: 0 } as DeliveryLogEntry)), leaseUntil });
    return 'claimed';
  },
  recordDelivery: async (target: DeliveryTarget, step: DeliveryStep) => {
    const previous = log.get(target.channelKey);
    if (previous?.status === 'delivered') return false;
    const { leaseUntil, ...rest } = previous ?? ({ attempts: 0 } as DeliveryLogEntry & { leaseUntil?: number });
    log.set(target.channelKey, {
      ...rest,
      channelKey: target.channelKey,
      channel: target.channel,
      status: step.status,
      attempts: (previous?.attempts ?? 0) + (step.attempted ? 1 : 0),
      ...(step.error ? { lastError: step.error } : {}),
      ...(step.reason ? { reason: step.reason } : {}),
      ...(step.deadLettered ? { deadLettered: true } : {}),
    } as DeliveryLogEntry);
    return true;
  },
}));

vi.mock('#lib/data/text-outbox-repository.ts', () => ({
  queueTextMessage: async (item: OutboxMessage) => {
    if (outbox.has(item.dedupeKey)) return false;
    outbox.set(item.dedupeKey, item);
    return true;
  },
}));

const { deliverToChannel } = await import('#lib/use-cases/deliver-to-channel.ts');

const webhook: NotificationChannel = { type: 'webhook', url: 'https://partner.example.cn/hooks', secret: testSecret };
const policy: RetryPolicy = { requestTimeoutMs: 4000, maxReceiveCount: 3, retryDelaysSeconds: [5, 30] };
const now = new Date('2026-11-24T02:21:00.000Z');
const notification = offerCreatedNotification();
const [message] = deliveryMessagesOf(notification, [channelKey(webhook)], now.toISOString());
if (!message) throw new Error('no message');

function sender(results: AttemptResult[]) {
  const calls: Array<{ timeoutMs: number }> = [];
  return {
    calls,
    plan: (_channel: NotificationChannel, _notification: unknown, timeoutMs: number) => ({
      attempt: async () => {
        calls.push({ timeoutMs });
        return results[calls.length - 1] ?? { ok: false as const, error: 'no more scripted answers', retryable: true };
      },
    }),
  };
}

const timedOut: AttemptResult = { ok: false, error: 'no answer within 4000 ms', retryable: true };
const options = (plan: ReturnType<typeof sender>['plan']) => ({ policy, plan, clock: () => now });

beforeEach(() => {
  log.clear();
  outbox.clear();
  channels = [webhook];
});

describe('deliverToChannel', () => {
  it('sends once with the policy’s request timeout and records the delivery', async () => {
    const once = sender([{ ok: true, statusCode: 204 }]);
    expect(await deliverToChannel(message, 1, options(once.plan))).toEqual({ outcome: 'delivered' });
    expect(once.calls).toEqual([{ timeoutMs: 4000 }]);
    expect(log.get(message.channelKey)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(log.get(message.channelKey)?.leaseUntil).toBeUndefined();
  });

  it('asks the queue to hand a failed delivery over again after the policy’s delay for that receive', async () => {
    const failing = sender([timedOut, timedOut]);
    expect(await deliverToChannel(message, 1, options(failing.plan))).toEqual({ outcome: 'retry', afterSeconds: 5 });
    expect(await deliverToChannel(message, 2, options(failing.plan))).toEqual({ outcome: 'retry', afterSeconds: 30 });
    expect(log.get(message.channelKey)).toMatchObject({ status: 'retrying', attempts: 2, lastError: 'no answer within 4000 ms' });
  });

  it('logs the last receive’s failure as failed and lets the queue set the message aside', async () => {
    const failing = sender([timedOut]);
    expect(await deliverToChannel(message, 3, options(failing.plan))).toEqual({ outcome: 'deadLetter' });
    expect(log.get(message.channelKey)).toMatchObject({ status: 'failed', deadLettered: true });
  });

  it('logs an answer that retrying cannot change as failed, and is done with the message', async () => {
    const gone = sender([{ ok: false, error: 'HTTP 410', retryable: false, statusCode: 410 }]);
    expect(await deliverToChannel(message, 1, options(gone.plan))).toEqual({ outcome: 'failed' });
    expect(log.get(message.channelKey)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(log.get(message.channelKey)?.deadLettered).toBeUndefined();
  });

  it('sends nothing for a redelivered message once delivered, nor while another receive of it is sending', async () => {
    const first = sender([{ ok: true }]);
    await deliverToChannel(message, 1, options(first.plan));
    const again = sender([{ ok: true }]);
    expect(await deliverToChannel(message, 2, options(again.plan))).toEqual({ outcome: 'alreadyDelivered' });
    expect(again.calls).toHaveLength(0);

    log.clear();
    log.set(message.channelKey, { status: 'queued', attempts: 0, leaseUntil: now.getTime() + 1000 } as DeliveryLogEntry & { leaseUntil: number });
    const duplicate = sender([{ ok: true }]);
    expect(await deliverToChannel(message, 1, options(duplicate.plan))).toEqual({ outcome: 'inFlightElsewhere' });
    expect(duplicate.calls).toHaveLength(0);
  });

  it('counts a sender that throws as a failed, retryable attempt', async () => {
    const throwing = {
      plan: () => ({
        attempt: async (): Promise<AttemptResult> => {
          throw new Error('SDK surprise');
        },
      }),
    };
    expect(await deliverToChannel(message, 1, { policy, plan: throwing.plan, clock: () => now })).toEqual({ outcome: 'retry', afterSeconds: 5 });
    expect(log.get(message.channelKey)).toMatchObject({ status: 'retrying', lastError: 'SDK surprise' });
  });

  it('skips, without sending, a channel the partner removed and an offer that expired while it waited', async () => {
    const unused = sender([{ ok: true }]);
    channels = [];
    expect(await deliverToChannel(message, 1, options(unused.plan))).toEqual({ outcome: 'skipped' });
    expect(log.get(message.channelKey)).toMatchObject({ status: 'skipped', reason: 'the channel was removed from the partner’s profile' });

    channels = [webhook];
    log.clear();
    const late = { policy, plan: unused.plan, clock: () => new Date(offer().expiresAt) };
    expect(await deliverToChannel(message, 2, late)).toEqual({ outcome: 'skipped' });
    expect(log.get(message.channelKey)).toMatchObject({ status: 'skipped', reason: 'the offer expired before it could be delivered' });
    expect(unused.calls).toHaveLength(0);
  });

  it('moves a message left on the queue for an SMS or email channel to the text outbox, once, and sends nothing itself', async () => {
    const sms: NotificationChannel = { type: 'sms', phone: '13800000006' };
    const email: NotificationChannel = { type: 'email', address: 'wu@example.cn' };
    channels = [sms, email];
    const unused = sender([{ ok: true }]);
    const left = deliveryMessagesOf(notification, [channelKey(sms), channelKey(email)], now.toISOString());
    for (const queued of [...left, ...left]) expect(await deliverToChannel(queued, 1, options(unused.plan))).toEqual({ outcome: 'movedToOutbox' });
    expect(unused.calls).toHaveLength(0);
    expect([...outbox.keys()]).toEqual([`${notification.id}.${channelKey(sms)}`, `${notification.id}.${channelKey(email)}`]);
    expect(outbox.get(`${notification.id}.${channelKey(sms)}`)).toMatchObject({
      to: '13800000006',
      purpose: 'partnerOffer',
      delivery: { channelKey: channelKey(sms), channelType: 'sms', channel: 'sms 138****0006', offerExpiresAt: offer().expiresAt },
    });
    expect(outbox.get(`${notification.id}.${channelKey(email)}`)).toMatchObject({ channel: 'email', to: 'wu@example.cn', subject: partner.id });

    // Expired while it waited: skipped on the log, nothing queued.
    outbox.clear();
    const late = { policy, plan: unused.plan, clock: () => new Date(offer().expiresAt) };
    expect(await deliverToChannel(left[0] ?? message, 2, late)).toEqual({ outcome: 'skipped' });
    expect(log.get(channelKey(sms))).toMatchObject({ status: 'skipped', reason: 'the offer expired before it could be delivered' });
    expect(outbox.size).toBe(0);
  });
});
