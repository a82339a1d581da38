/**
 * Tells a partner of a new offer or of an order the resident cancelled: the inbox item is written
 * first and always (idempotent per event), then each of the partner's channels is tried (see
 * lib/delivery/deliver-notification.ts).
 */
import { inboxMessageOf, putInboxMessage } from '../data/notifications-repository.ts';
import { getPartner } from '../data/partners-repository.ts';
import { type ChannelOutcome, deliverNotification } from '../delivery/deliver-notification.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { buildNotification } from '../notifications/notification.ts';
import type { NotificationEvent } from '../notifications/notification-event.ts';
import type { Offer } from '../offers/offer.ts';
import { logger } from '../observability/logger.ts';

export interface PartnerNotice {
  event: NotificationEvent;
  offer: Offer;
  occurredAt: string;
  publicBaseUrl?: string | undefined;
  /** Epoch ms by which the last delivery attempt must be done. */
  deadline?: number;
}

export async function notifyPartnerOf(notice: PartnerNotice, district: DistrictConfig): Promise<{ inbox: 'written' | 'already there'; outcomes: ChannelOutcome[] } | undefined> {
  const partner = await getPartner(notice.offer.partnerId);
  if (!partner) {
    logger.warn('offer for an unknown partner: nobody to notify', { partnerId: notice.offer.partnerId });
    return undefined;
  }
  const notification = buildNotification({ ...notice, partner, district });
  const firstTime = await putInboxMessage(inboxMessageOf(notification));
  const outcomes = await deliverNotification(notification, partner.notificationChannels ?? [], {
    ...(notice.deadline !== undefined ? { deadline: notice.deadline } : {}),
  });
  logger.info('partner notified', { notificationId: notification.id, event: notice.event, inbox: firstTime ? 'written' : 'already there', outcomes });
  return { inbox: firstTime ? 'written' : 'already there', outcomes };
}
