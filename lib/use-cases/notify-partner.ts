/**
 * Tells a partner of a new offer or of an order the resident cancelled: the inbox item is written
 * first and always (idempotent per event), then one message per channel goes on the delivery queue,
 * each with its delivery log entry (`queued`). Nothing is sent from here: the sender
 * (lib/use-cases/deliver-to-channel.ts) takes each message on its own, so a partner's hanging server
 * delays only that partner's delivery, never another's, nor the stream behind this record.
 */
import { inboxMessageOf, putInboxMessage, recordQueued } from '../data/notifications-repository.ts';
import { getPartner } from '../data/partners-repository.ts';
import { deliveryQueue } from '../delivery/delivery-queue.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { channelKey, describeChannel, type NotificationChannel } from '../notifications/channels.ts';
import { deliveryMessagesOf } from '../notifications/delivery-message.ts';
import { buildNotification } from '../notifications/notification.ts';
import type { NotificationEvent } from '../notifications/notification-event.ts';
import type { Offer } from '../offers/offer.ts';
import { logger } from '../observability/logger.ts';

export interface PartnerNotice {
  event: NotificationEvent;
  offer: Offer;
  occurredAt: string;
  publicBaseUrl?: string | undefined;
}

export interface NoticeOutcome {
  inbox: 'written' | 'already there';
  /** The delivery ids put on the queue (again, for a repeated stream record: the sender sends each once). */
  queued: string[];
}

export async function notifyPartnerOf(notice: PartnerNotice, district: DistrictConfig, now = new Date()): Promise<NoticeOutcome | undefined> {
  const partner = await getPartner(notice.offer.partnerId);
  if (!partner) {
    logger.warn('offer for an unknown partner: nobody to notify', { partnerId: notice.offer.partnerId });
    return undefined;
  }
  const notification = buildNotification({ ...notice, partner, district });
  const firstTime = await putInboxMessage(inboxMessageOf(notification));
  const channels = new Map<string, NotificationChannel>((partner.notificationChannels ?? []).map((channel) => [channelKey(channel), channel]));
  const queuedAt = now.toISOString();
  const messages = deliveryMessagesOf(notification, [...channels.keys()], queuedAt);
  for (const [key, channel] of channels) {
    await recordQueued({ notification, channelKey: key, channelType: channel.type, channel: describeChannel(channel) }, queuedAt);
  }
  if (messages.length > 0) await deliveryQueue().send(messages);
  const outcome: NoticeOutcome = { inbox: firstTime ? 'written' : 'already there', queued: messages.map((message) => message.deliveryId) };
  logger.info('partner notified', { notificationId: notification.id, event: notice.event, ...outcome });
  return outcome;
}
