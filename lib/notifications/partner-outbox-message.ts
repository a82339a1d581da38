/**
 * A partner's notification on its SMS or email channel, as an item of the text outbox
 * (lib/messaging/text-outbox.ts): sent by the outbox's one sender, like every other text, which
 * closes the channel's delivery log entry with the outcome. Keyed by notification and channel, so
 * a repeated stream record queues nothing twice. Pure.
 */
import type { OutboxMessage } from '../messaging/text-outbox.ts';
import type { NotificationChannel } from './channels.ts';
import { describeChannel } from './channels.ts';
import type { Notification } from './notification.ts';
import { plainText, smsText } from './offer-message.ts';

/** The channels the outbox carries; the others are posted over HTTP from the delivery queue. */
export type OutboxChannel = Extract<NotificationChannel, { type: 'sms' | 'email' }>;

export function isOutboxChannel(channel: NotificationChannel): channel is OutboxChannel {
  return channel.type === 'sms' || channel.type === 'email';
}

export function partnerOutboxMessage(notification: Notification, channelKey: string, channel: OutboxChannel): OutboxMessage {
  const expiresAt = notification.event === 'offer.created' ? notification.payload.data.expiresAt : undefined;
  const delivery = {
    notification: {
      id: notification.id,
      partnerId: notification.partnerId,
      event: notification.event,
      offerId: notification.offerId,
      occurredAt: notification.occurredAt,
    },
    channelKey,
    channelType: channel.type,
    channel: describeChannel(channel),
    ...(expiresAt ? { offerExpiresAt: expiresAt } : {}),
  };
  const dedupeKey = `${notification.id}.${channelKey}`;
  if (channel.type === 'email') {
    return {
      channel: 'email',
      to: channel.address,
      title: notification.message.title,
      text: plainText(notification.message),
      purpose: 'partnerOffer',
      dedupeKey,
      subject: notification.partnerId,
      delivery,
    };
  }
  return { to: channel.phone, text: smsText(notification.message), purpose: 'partnerOffer', dedupeKey, subject: notification.partnerId, delivery };
}
