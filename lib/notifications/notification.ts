/**
 * One notification to one partner about one offer: its id, its message, and the event payload that
 * webhooks carry (Standard Webhooks shape: `{ type, timestamp, data }`). Built once per stream
 * record from the offer, the partner and the district; pure.
 */
import type { DistrictConfig } from '../district/district-config.ts';
import type { Offer } from '../offers/offer.ts';
import type { Partner } from '../partners/partner.ts';
import { type NotificationEvent, notificationIdOf } from './notification-event.ts';
import { categoryLabel, type OfferMessage, offerMessage, placeLabel } from './offer-message.ts';

export interface NotificationPayload {
  type: NotificationEvent;
  /** When the event happened (not when it is delivered). */
  timestamp: string;
  data: NotificationData;
}

export interface NotificationData {
  notificationId: string;
  partnerId: string;
  offerId: string;
  /** The order id is the need id. */
  orderId: string;
  /** What the partner may see before accepting: no resident contact, no exact address. */
  summary: Offer['summary'] & { categoryLabel: string; placeLabel: string };
  /** offer.created only: until when it can be answered, and where the partner app opens it (when the deployment knows its address). */
  expiresAt?: string;
  appUrl?: string;
  shortReason?: { zh: string; en: string };
  actions?: { accept: Action; decline: Action };
  /** order.cancelled only. */
  reason?: string;
  message: { title: string; lines: string[] };
}

interface Action {
  method: 'POST';
  /** On the district's API. */
  path: string;
  url?: string;
}

export interface Notification {
  id: string;
  event: NotificationEvent;
  partnerId: string;
  offerId: string;
  needId: string;
  occurredAt: string;
  message: OfferMessage;
  payload: NotificationPayload;
}

export interface NotificationInput {
  event: NotificationEvent;
  offer: Offer;
  partner: Pick<Partner, 'id' | 'name'>;
  district: DistrictConfig;
  occurredAt: string;
  publicBaseUrl?: string | undefined;
}

export function buildNotification(input: NotificationInput): Notification {
  const { event, offer, district } = input;
  const id = notificationIdOf(offer.id, event);
  const message = offerMessage({ event, offer, partnerName: input.partner.name.zh, district, publicBaseUrl: input.publicBaseUrl });
  const offerPath = `/offers/${encodeURIComponent(offer.id)}`;
  const data: NotificationData = {
    notificationId: id,
    partnerId: offer.partnerId,
    offerId: offer.id,
    orderId: offer.needId,
    summary: {
      ...offer.summary,
      categoryLabel: categoryLabel(offer.summary.category),
      placeLabel: placeLabel(district, offer.summary.communityId, offer.summary.gridId),
    },
    ...(event === 'offer.created'
      ? {
          expiresAt: offer.expiresAt,
          ...(message.acceptUrl ? { appUrl: message.acceptUrl } : {}),
          shortReason: offer.shortReason,
          actions: {
            accept: { method: 'POST', path: `${offerPath}/accept`, ...(message.acceptUrl ? { url: message.acceptUrl } : {}) },
            decline: { method: 'POST', path: `${offerPath}/decline` },
          },
        }
      : offer.closeReason
        ? { reason: offer.closeReason }
        : {}),
    message: { title: message.title, lines: message.lines },
  };
  return {
    id,
    event,
    partnerId: offer.partnerId,
    offerId: offer.id,
    needId: offer.needId,
    occurredAt: input.occurredAt,
    message,
    payload: { type: event, timestamp: input.occurredAt, data },
  };
}
