/**
 * Tells a partner of a new offer or of an order the resident cancelled: the inbox item is written
 * first and always (idempotent per event), then each channel gets its delivery log entry (`queued`)
 * and its delivery: an HTTP channel (webhook, group robot) a message on the delivery queue, an SMS
 * or email channel an item in the text outbox (lib/messaging/text-outbox.ts). Nothing is sent from
 * here: the queue's sender (lib/use-cases/deliver-to-channel.ts) takes each message on its own, so a
 * partner's hanging server delays only that partner's delivery, never another's, nor the stream
 * behind this record; the outbox's sender (lib/use-cases/send-text-message.ts) sends texts and emails.
 */
import { inboxMessageOf, putInboxMessage, recordQueued } from '../data/notifications-repository.ts';
import { getPartner } from '../data/partners-repository.ts';
import { queueTextMessage } from '../data/text-outbox-repository.ts';
import { deliveryQueue } from '../delivery/delivery-queue.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { channelKey, describeChannel, type NotificationChannel } from '../notifications/channels.ts';
import { deliveryIdOf, deliveryMessagesOf } from '../notifications/delivery-message.ts';
import { isOutboxChannel, partnerOutboxMessage } from '../notifications/partner-outbox-message.ts';
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
  /** The delivery ids of SMS and email channels written to the text outbox (none again for a repeated stream record). */
  outboxed: string[];
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
  const overHttp: string[] = [];
  const outboxed: string[] = [];
  for (const [key, channel] of channels) {
    await recordQueued({ notification, channelKey: key, channelType: channel.type, channel: describeChannel(channel) }, queuedAt);
    if (!isOutboxChannel(channel)) overHttp.push(key);
    // Keyed by notification and channel: a repeated stream record writes nothing, so texts nothing twice.
    else if (await queueTextMessage(partnerOutboxMessage(notification, key, channel), now)) outboxed.push(deliveryIdOf(notification.id, key));
  }
  const messages = deliveryMessagesOf(notification, overHttp, queuedAt);
  if (messages.length > 0) await deliveryQueue().send(messages);
  const outcome: NoticeOutcome = { inbox: firstTime ? 'written' : 'already there', queued: messages.map((message) => message.deliveryId), outboxed };
  logger.info('partner notified', { notificationId: notification.id, event: notice.event, ...outcome });
  return outcome;
}
