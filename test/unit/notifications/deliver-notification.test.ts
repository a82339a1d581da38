/**
 * The delivery loop with the delivery log in memory (the repository is replaced) and fake senders:
 * retries and their waits, the deadline, skips, and no re-send of a delivered channel. The real
 * table and real HTTP are in test/integration/notifications/.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryLogEntry, DeliveryStep, DeliveryTarget } from '#lib/data/notifications-repository.ts';
import type { AttemptResult } from '#lib/delivery/attempt-result.ts';
import type { NotificationChannel } from '#lib/notifications/channels.ts';
import { buildNotification } from '#lib/notifications/notification.ts';
import { demoDistrict, offer, partner, testSecret } from './notification-fixtures.ts';

const log = new Map<string, DeliveryLogEntry>();

vi.mock('#lib/data/notifications-repository.ts', () => ({
  getDelivery: async (notificationId: string, channelKey: string) => log.get(`${notificationId}|${channelKey}`),
  recordDelivery: async (target: DeliveryTarget, step: DeliveryStep) => {
    const key = `${target.notification.id}|${target.channelKey}`;
    const previous = log.get(key);
    if (previous?.status === 'delivered') return false;
    log.set(key, {
      notificationId: target.notification.id,
      channelKey: target.channelKey,
      channelType: target.channelType,
      channel: target.channel,
      partnerId: target.notification.partnerId,
      event: target.notification.event,
      offerId: target.notification.offerId,
      status: step.status,
      attempts: (previous?.attempts ?? 0) + (step.attempted ? 1 : 0),
      lastAttemptAt: step.at,
      ...(step.error ? { lastError: step.error } : {}),
      ...(step.reason ? { reason: step.reason } : {}),
    });
    return true;
  },
}));

const { deliverNotification, NoTimeToDeliver } = await import('#lib/delivery/deliver-notification.ts');

const notification = buildNotification({
  event: 'offer.created',
  offer: offer(),
  partner,
  district: demoDistrict,
  occurredAt: offer().createdAt,
});
const webhook: NotificationChannel = { type: 'webhook', url: 'https://partner.example.cn/hooks', secret: testSecret };
const wecom: NotificationChannel = { type: 'wecom', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' };

function scripted(results: AttemptResult[]) {
  const calls: Date[] = [];
  return {
    calls,
    plan: () => ({
      attempt: async (at: Date) => {
        calls.push(at);
        return results[calls.length - 1] ?? { ok: false as const, error: 'no more scripted answers', retryable: true };
      },
    }),
  };
}

function fakeTime(start = 1_000_000) {
  let now = start;
  const waits: number[] = [];
  return {
    waits,
    clock: () => new Date(now),
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
  };
}

const failure: AttemptResult = { ok: false, error: 'HTTP 500: boom', retryable: true, statusCode: 500 };

beforeEach(() => log.clear());

describe('deliverNotification', () => {
  it('delivers at the first try without waiting', async () => {
    const sender = scripted([{ ok: true, statusCode: 204 }]);
    const time = fakeTime();
    const [outcome] = await deliverNotification(notification, [webhook], { plan: sender.plan, ...time });
    expect(outcome).toMatchObject({ channelType: 'webhook', status: 'delivered', attempts: 1 });
    expect(time.waits).toEqual([]);
    expect([...log.values()][0]).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('retries with backoff, 0.5 s then 2 s, and logs the failure with the last error', async () => {
    const sender = scripted([failure, failure, { ...failure, error: 'HTTP 503: down' }]);
    const time = fakeTime();
    const [outcome] = await deliverNotification(notification, [webhook], { plan: sender.plan, ...time });
    expect(sender.calls).toHaveLength(3);
    expect(time.waits).toEqual([500, 2000]);
    expect(outcome).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 503: down' });
    expect([...log.values()][0]).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 503: down' });
  });

  it('succeeds on a retry', async () => {
    const sender = scripted([failure, { ok: true }]);
    const [outcome] = await deliverNotification(notification, [webhook], { plan: sender.plan, ...fakeTime() });
    expect(outcome).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('does not retry an answer that will not change (e.g. 404 or 410)', async () => {
    const sender = scripted([{ ok: false, error: 'HTTP 410', retryable: false, statusCode: 410 }]);
    const [outcome] = await deliverNotification(notification, [webhook], { plan: sender.plan, ...fakeTime() });
    expect(outcome).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 410' });
  });

  it('stops retrying when another attempt would not finish before the deadline', async () => {
    const sender = scripted([failure, failure, failure]);
    const time = fakeTime(1_000_000);
    // Room for the first attempt and a 0.5 s wait plus one more attempt (5 s), not for a 2 s wait.
    const [outcome] = await deliverNotification(notification, [webhook], { plan: sender.plan, ...time, deadline: 1_000_000 + 6000 });
    expect(sender.calls).toHaveLength(2);
    expect(outcome?.lastError).toBe('HTTP 500: boom (no time left for another attempt)');
  });

  it('fails the record when not even one attempt fits, so that Lambda retries it', async () => {
    const sender = scripted([]);
    await expect(
      deliverNotification(notification, [webhook], { plan: sender.plan, ...fakeTime(1_000_000), deadline: 1_000_000 + 100 }),
    ).rejects.toBeInstanceOf(NoTimeToDeliver);
    expect(sender.calls).toHaveLength(0);
  });

  it('does not send again on a channel already delivered, but does on one that failed', async () => {
    const first = scripted([{ ok: true }, failure, failure, failure]);
    const firstRun = await deliverNotification(notification, [webhook, wecom], { plan: first.plan, ...fakeTime() });
    expect(firstRun.map((outcome) => outcome.status).sort()).toEqual(['delivered', 'failed']);

    const second = scripted([{ ok: true }]);
    const secondRun = await deliverNotification(notification, [webhook, wecom], { plan: second.plan, ...fakeTime() });
    expect(second.calls).toHaveLength(1);
    expect(secondRun.map((outcome) => outcome.status).sort()).toEqual(['alreadyDelivered', 'delivered']);
    const failedThenDelivered = [...log.values()].find((entry) => entry.attempts === 4);
    expect(failedThenDelivered?.status).toBe('delivered');
  });

  it('records a skipped channel without attempting it', async () => {
    const [outcome] = await deliverNotification(notification, [{ type: 'sms', phone: '13800000006' }], { ...fakeTime() });
    expect(outcome).toMatchObject({ channelType: 'sms', status: 'skipped', attempts: 0 });
    expect([...log.values()][0]).toMatchObject({ status: 'skipped', attempts: 0, reason: 'no SMS provider in this district' });
  });

  it('counts a sender that throws as a failed, retryable attempt', async () => {
    let calls = 0;
    const plan = () => ({
      attempt: async (): Promise<AttemptResult> => {
        calls += 1;
        throw new Error('socket hang up');
      },
    });
    const [outcome] = await deliverNotification(notification, [webhook], { plan, ...fakeTime() });
    expect(calls).toBe(3);
    expect(outcome).toMatchObject({ status: 'failed', lastError: 'socket hang up' });
  });
});
