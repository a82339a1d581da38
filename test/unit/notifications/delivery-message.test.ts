/** One queue message per delivery: its shape, what it leaves out, and what a sender refuses. */
import { describe, expect, it } from 'vitest';
import { channelKey, type NotificationChannel } from '#lib/notifications/channels.ts';
import {
  deliveryMessageBody,
  deliveryMessagesOf,
  MalformedDeliveryMessage,
  parseDeliveryMessage,
} from '#lib/notifications/delivery-message.ts';
import { offer, offerCreatedNotification, testSecret } from './notification-fixtures.ts';

const notification = offerCreatedNotification('https://partners.example.cn');
const webhook: NotificationChannel = { type: 'webhook', url: 'https://partner.example.cn/hooks?token=abc', secret: testSecret };
const sms: NotificationChannel = { type: 'sms', phone: '13800000006' };
const queuedAt = '2026-11-24T02:20:01.000Z';

describe('delivery messages', () => {
  const messages = deliveryMessagesOf(notification, [channelKey(webhook), channelKey(sms), channelKey(webhook)], queuedAt);

  it('makes one message per channel, the same target once, each named by notification and channel', () => {
    expect(messages.map((message) => message.deliveryId)).toEqual([
      `ntf_${offer().needId}_2_created:${channelKey(webhook)}`,
      `ntf_${offer().needId}_2_created:${channelKey(sms)}`,
    ]);
    expect(messages[0]).toMatchObject({ v: 1, channelKey: channelKey(webhook), queuedAt, notification: { id: notification.id } });
  });

  it('carries neither the channel’s URL, secret nor phone number, nor the resident’s contact', () => {
    const bodies = messages.map(deliveryMessageBody).join('\n');
    expect(bodies).not.toContain('partner.example.cn/hooks');
    expect(bodies).not.toContain(testSecret);
    expect(bodies).not.toContain('13800000006');
    expect(bodies).not.toMatch(/"contact"|"phone"|"address"/);
  });

  it('reads back exactly what was sent', () => {
    const [message] = messages;
    if (!message) throw new Error('no message');
    expect(parseDeliveryMessage(deliveryMessageBody(message))).toEqual(message);
  });

  it('refuses a body that is not JSON, of another version, or whose ids disagree', () => {
    const [message] = messages;
    if (!message) throw new Error('no message');
    expect(() => parseDeliveryMessage('not json')).toThrow(MalformedDeliveryMessage);
    expect(() => parseDeliveryMessage(JSON.stringify({ ...message, v: 2 }))).toThrow(/v/);
    expect(() => parseDeliveryMessage(JSON.stringify({ ...message, channelKey: channelKey(sms) }))).toThrow(/deliveryId/);
    const otherPartner = { ...message, notification: { ...message.notification, partnerId: 'someone-else' } };
    expect(() => parseDeliveryMessage(JSON.stringify(otherPartner))).toThrow(/another notification or partner/);
    expect(() => parseDeliveryMessage(JSON.stringify({ ...message, deliveryId: 'x' }))).toThrow(/deliveryId/);
  });

  it('refuses to build a body SQS would not take', () => {
    const [message] = messages;
    if (!message) throw new Error('no message');
    const huge = { ...message, notification: { ...message.notification, message: { ...message.notification.message, lines: ['字'.repeat(100_000)] } } };
    expect(() => deliveryMessageBody(huge)).toThrow(/over 262144 bytes/);
  });
});
