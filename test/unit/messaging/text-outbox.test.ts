import { describe, expect, it } from 'vitest';
import { notSentBecause, outcomeOf, textSendAttempts, withoutNumbers } from '../../../lib/messaging/text-outbox.ts';
import { buildNotification } from '../../../lib/notifications/notification.ts';
import { partnerOutboxMessage } from '../../../lib/notifications/partner-outbox-message.ts';
import { demoDistrict, offer, offerCreatedNotification, partner } from '../notifications/notification-fixtures.ts';

describe('a queued text’s outcome', () => {
  it('is sent when the provider took it, whatever the attempt', () => {
    expect(outcomeOf({ ok: true }, 1)).toEqual({ status: 'sent' });
    expect(outcomeOf({ ok: true }, textSendAttempts)).toEqual({ status: 'sent' });
  });

  it('is retried while a failure worth retrying has attempts left, and failed on the last one', () => {
    const busy = { ok: false as const, error: 'SNS Throttling', retryable: true };
    expect(outcomeOf(busy, 1)).toEqual({ status: 'retry', error: 'SNS Throttling' });
    expect(outcomeOf(busy, textSendAttempts - 1)).toEqual({ status: 'retry', error: 'SNS Throttling' });
    expect(outcomeOf(busy, textSendAttempts)).toEqual({ status: 'failed', error: `gave up after ${textSendAttempts} attempts: SNS Throttling`, gaveUp: true });
  });

  it('is failed at once when retrying cannot help', () => {
    expect(outcomeOf({ ok: false, error: 'no SMS provider', retryable: false }, 1)).toEqual({ status: 'failed', error: 'no SMS provider', gaveUp: false });
  });

  it('is skipped with the reason when the channel cannot be used here, whatever the attempt', () => {
    expect(outcomeOf({ skip: 'no SNS locally' }, 1)).toEqual({ status: 'skipped', reason: 'no SNS locally' });
    expect(outcomeOf({ skip: 'no SNS locally' }, textSendAttempts)).toEqual({ status: 'skipped', reason: 'no SNS locally' });
  });

  it('keeps no number the provider quoted in its error', () => {
    expect(withoutNumbers('Invalid parameter: PhoneNumber Reason: +8613700004006 is not valid')).toBe('Invalid parameter: PhoneNumber Reason: … is not valid');
    expect(withoutNumbers('bad number 137 0000 4006, retry later')).toBe('bad number …, retry later');
    expect(outcomeOf({ ok: false, error: 'refused 13700004006', retryable: false }, 1)).toEqual({ status: 'failed', error: 'refused …', gaveUp: false });
    expect(withoutNumbers('HTTP 503 after 30 s')).toBe('HTTP 503 after 30 s');
  });
});

describe('the text sender’s declaration', () => {
  it('lets the stream deliver a text as often as the sender attempts it, so the last attempt records the failure', async () => {
    const { streamConsumers } = await import('../../../lib/topology/topology.ts');
    const sender = streamConsumers.find((consumer) => consumer.handler === 'notifications/send-text-message');
    expect(sender?.retryAttempts).toBe(textSendAttempts - 1);
  });
});

describe('a partner’s notification in the outbox', () => {
  const notification = offerCreatedNotification('https://sq.example.cn');
  const sms = { type: 'sms' as const, phone: '13800000006' };

  it('is a text keyed by notification and channel, with its delivery log entry and the offer’s expiry', () => {
    const message = partnerOutboxMessage(notification, 'sms-0123456789ab', sms);
    expect(message).toMatchObject({
      to: '13800000006',
      purpose: 'partnerOffer',
      dedupeKey: `${notification.id}.sms-0123456789ab`,
      subject: partner.id,
      delivery: {
        notification: { id: notification.id, partnerId: partner.id, event: 'offer.created', offerId: offer().id },
        channelKey: 'sms-0123456789ab',
        channelType: 'sms',
        channel: 'sms 138****0006',
        offerExpiresAt: offer().expiresAt,
      },
    });
    expect(message).not.toHaveProperty('channel');
    expect(message.text).toContain('https://sq.example.cn/partner/#/offers/');
  });

  it('is an email to the address, titled as the notification, for the district’s email topic', () => {
    const message = partnerOutboxMessage(notification, 'email-0123456789ab', { type: 'email', address: 'wu@example.cn' });
    expect(message).toMatchObject({ channel: 'email', to: 'wu@example.cn', title: notification.message.title, subject: partner.id });
    expect(message.text.split('\n')[0]).toBe(notification.message.title);
  });

  it('is not sent once its offer expired; a cancelled order’s notice has no expiry', () => {
    const message = partnerOutboxMessage(notification, 'sms-0123456789ab', sms);
    const expiresAt = Date.parse(offer().expiresAt);
    expect(notSentBecause(message, new Date(expiresAt - 1))).toBeUndefined();
    expect(notSentBecause(message, new Date(expiresAt))).toBe('the offer expired before it could be delivered');
    const cancelled = buildNotification({ event: 'order.cancelled', offer: offer(), partner, district: demoDistrict, occurredAt: offer().createdAt });
    expect(partnerOutboxMessage(cancelled, 'sms-0123456789ab', sms).delivery).not.toHaveProperty('offerExpiresAt');
    expect(notSentBecause(partnerOutboxMessage(cancelled, 'sms-0123456789ab', sms), new Date(expiresAt + 86_400_000))).toBeUndefined();
  });
});
