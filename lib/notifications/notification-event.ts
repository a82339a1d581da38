/**
 * Which changes of an offer a partner is told about, and the notification's deterministic id: the
 * same stream record delivered twice makes the same id, so the inbox item, the delivery log and
 * the webhook's `webhook-id` (the receiver's idempotency key) are the same too.
 */
import type { OfferStatus } from '../offers/offer.ts';

export const notificationEvents = ['offer.created', 'order.cancelled'] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

/**
 * A new open offer; or an accepted offer withdrawn because the resident cancelled the order.
 * (A declined or expired offer is the partner's own doing or silence: nothing to tell them.)
 */
export function notificationEventOf(change: {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE' | undefined;
  oldStatus: OfferStatus | undefined;
  newStatus: OfferStatus | undefined;
}): NotificationEvent | undefined {
  if (change.eventName === 'INSERT' && change.newStatus === 'open') return 'offer.created';
  if (change.eventName === 'MODIFY' && change.oldStatus === 'accepted' && change.newStatus === 'withdrawn') return 'order.cancelled';
  return undefined;
}

/**
 * `ntf_<needId>_<attempt>_created|cancelled`. Standard Webhooks signs `<id>.<timestamp>.<body>`, so
 * the id must not contain a full stop: the offer id's `.` becomes `_`.
 */
export function notificationIdOf(offerId: string, event: NotificationEvent): string {
  return `ntf_${offerId.replaceAll('.', '_')}_${event === 'offer.created' ? 'created' : 'cancelled'}`;
}
