/**
 * One delivery, one queue message: a notification to be sent on one of the partner's channels. The
 * stream consumer that tells a partner (lib/use-cases/notify-partner.ts) puts one message per channel
 * on the delivery queue, so each channel of each partner is tried, retried and set aside on its own
 * and a hanging endpoint holds up nobody else. The message names the channel by its key, never by its
 * URL, secret or phone: the sender reads those from the partner's profile when it sends. Pure.
 */
import * as z from 'zod/mini';
import { notificationEvents } from './notification-event.ts';
import type { Notification, NotificationData } from './notification.ts';

/** The message body's version: a sender refuses what it does not know rather than guessing. */
export const deliveryMessageVersion = 1;

/** SQS takes at most 256 KB a message; a notification is a few KB, so this only stops a bug. */
export const maxDeliveryMessageBytes = 256 * 1024;

const text = z.string().check(z.minLength(1), z.maxLength(2000));

const notificationSchema = z.object({
  id: z.string().check(z.regex(/^ntf_[A-Za-z0-9_-]{1,200}$/)),
  event: z.enum(notificationEvents),
  partnerId: text,
  offerId: text,
  needId: text,
  occurredAt: z.iso.datetime({ offset: true }),
  message: z.object({
    title: text,
    lines: z.array(z.string().check(z.maxLength(2000))).check(z.maxLength(50)),
    shareableLines: z.array(z.string().check(z.maxLength(2000))).check(z.maxLength(50)),
    acceptUrl: z.optional(z.string().check(z.maxLength(2000))),
  }),
  payload: z.object({
    type: z.enum(notificationEvents),
    timestamp: z.iso.datetime({ offset: true }),
    data: z.looseObject({ notificationId: text, partnerId: text, offerId: text, orderId: text }),
  }),
});

export const deliveryMessageSchema = z.object({
  v: z.literal(deliveryMessageVersion),
  /** `<notification id>:<channel key>`: the delivery log entry's identity and the sender's idempotency key. */
  deliveryId: z.string().check(z.regex(/^ntf_[A-Za-z0-9_-]{1,200}:[a-z]+-[0-9a-f]{12}$/)),
  channelKey: z.string().check(z.regex(/^[a-z]+-[0-9a-f]{12}$/)),
  /** When the message was put on the queue: the delivery's delay is counted from here. */
  queuedAt: z.iso.datetime(),
  notification: notificationSchema,
});

export interface DeliveryMessage {
  v: typeof deliveryMessageVersion;
  deliveryId: string;
  channelKey: string;
  queuedAt: string;
  notification: Notification;
}

export function deliveryIdOf(notificationId: string, channelKey: string): string {
  return `${notificationId}:${channelKey}`;
}

/** One message per channel key, in the partner's order, duplicates (the same target twice) once. */
export function deliveryMessagesOf(notification: Notification, channelKeys: readonly string[], queuedAt: string): DeliveryMessage[] {
  return [...new Set(channelKeys)].map((channelKey) => ({
    v: deliveryMessageVersion,
    deliveryId: deliveryIdOf(notification.id, channelKey),
    channelKey,
    queuedAt,
    notification,
  }));
}

export function deliveryMessageBody(message: DeliveryMessage): string {
  const body = JSON.stringify(message);
  if (Buffer.byteLength(body) > maxDeliveryMessageBytes) throw new Error(`delivery ${message.deliveryId} is over ${maxDeliveryMessageBytes} bytes`);
  return body;
}

export class MalformedDeliveryMessage extends Error {
  override name = 'MalformedDeliveryMessage';
}

/** The message a queue body carries, checked: a body that is not one (or whose ids disagree) is refused with the reason. */
export function parseDeliveryMessage(body: string): DeliveryMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedDeliveryMessage('the body is not JSON');
  }
  const parsed = deliveryMessageSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(body)').slice(0, 5);
    throw new MalformedDeliveryMessage(`not a delivery message: ${where.join(', ')}`);
  }
  const message = parsed.data;
  if (message.deliveryId !== deliveryIdOf(message.notification.id, message.channelKey)) {
    throw new MalformedDeliveryMessage('deliveryId does not name its notification and channel');
  }
  const { notification } = message;
  if (notification.payload.data.notificationId !== notification.id || notification.payload.data.partnerId !== notification.partnerId) {
    throw new MalformedDeliveryMessage('the payload is about another notification or partner');
  }
  return {
    ...message,
    notification: {
      ...notification,
      message: {
        title: notification.message.title,
        lines: notification.message.lines,
        shareableLines: notification.message.shareableLines,
        ...(notification.message.acceptUrl ? { acceptUrl: notification.message.acceptUrl } : {}),
      },
      // The ids that matter were checked above; the rest is the payload our own notifier built and is sent as it is.
      payload: { ...notification.payload, data: notification.payload.data as unknown as NotificationData },
    },
  };
}
