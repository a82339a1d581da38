import type { Context, DynamoDBRecord } from 'aws-lambda';
import { inboxMessageOf, putInboxMessage } from '#lib/data/notifications-repository.ts';
import { offerFromItem } from '#lib/data/offers-repository.ts';
import { getPartner } from '#lib/data/partners-repository.ts';
import { deliverNotification } from '#lib/delivery/deliver-notification.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { buildNotification } from '#lib/notifications/notification.ts';
import { notificationEventOf } from '#lib/notifications/notification-event.ts';
import type { Offer, OfferStatus } from '#lib/offers/offer.ts';
import { logger } from '#lib/observability/logger.ts';
import { newImageOf, streamHandler } from '#lib/streams/stream-handler.ts';

const district = currentDistrict();
/** Kept free at the end of the invocation for the last delivery-log write. */
const deadlineMarginMs = 2000;

/**
 * A new open offer, or an accepted order the resident cancelled: tell the partner. The inbox item is
 * written first and always; then each channel is tried (see lib/delivery/deliver-notification.ts).
 */
export async function notifyPartner(record: DynamoDBRecord, context?: Context): Promise<void> {
  const image = newImageOf(record);
  if (!image) return;
  const offer = offerFromItem(image);
  const event = notificationEventOf({
    eventName: record.eventName,
    oldStatus: record.dynamodb?.OldImage?.status?.S as OfferStatus | undefined,
    newStatus: offer.status,
  });
  if (!event) return;
  if (offer.correlationId) logger.setCorrelationId(offer.correlationId);
  logger.appendKeys({ needId: offer.needId, offerId: offer.id });

  const partner = await getPartner(offer.partnerId);
  if (!partner) {
    logger.warn('offer for an unknown partner: nobody to notify', { partnerId: offer.partnerId });
    return;
  }
  // Read per record: the local runtime learns its address only once its gateway listens.
  const publicBaseUrl = process.env.PUBLIC_BASE_URL || undefined;
  const notification = buildNotification({ event, offer, partner, district, occurredAt: occurredAtOf(record, offer), publicBaseUrl });
  const firstTime = await putInboxMessage(inboxMessageOf(notification));
  const outcomes = await deliverNotification(notification, partner.notificationChannels ?? [], {
    ...(context ? { deadline: Date.now() + context.getRemainingTimeInMillis() - deadlineMarginMs } : {}),
  });
  logger.info('partner notified', { notificationId: notification.id, event, inbox: firstTime ? 'written' : 'already there', outcomes });
}

/**
 * When the event happened, the same on every delivery of the record (it is part of the inbox key):
 * the offer's creation, or its withdrawal (withdrawOffer stamps closedAt with the cancellation).
 */
function occurredAtOf(record: DynamoDBRecord, offer: Offer): string {
  if (record.eventName === 'INSERT') return offer.createdAt;
  const streamed = record.dynamodb?.ApproximateCreationDateTime;
  return offer.closedAt ?? (streamed ? new Date(streamed * 1000).toISOString() : offer.createdAt);
}

export const handler = streamHandler(notifyPartner);
