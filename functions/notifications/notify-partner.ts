import type { DynamoDBRecord } from 'aws-lambda';
import { offerFromItem } from '#lib/data/offers-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { notificationEventOf } from '#lib/notifications/notification-event.ts';
import type { Offer, OfferStatus } from '#lib/offers/offer.ts';
import { logger } from '#lib/observability/logger.ts';
import { newImageOf, streamHandler } from '#lib/streams/stream-handler.ts';
import { notifyPartnerOf } from '#lib/use-cases/notify-partner.ts';

const district = currentDistrict();

/**
 * A new open offer, or an accepted order the resident cancelled: the partner's inbox, and one queue
 * message per channel for the sender (lib/use-cases/notify-partner.ts).
 */
export async function notifyPartner(record: DynamoDBRecord): Promise<void> {
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
  await notifyPartnerOf(
    {
      event,
      offer,
      occurredAt: occurredAtOf(record, offer),
      // Read per record: the local runtime learns its address only once its gateway listens.
      publicBaseUrl: process.env.PUBLIC_BASE_URL || undefined,
    },
    district,
  );
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
