/**
 * How each HTTP channel is tried once: the request in that channel's format. SMS and email go
 * through the text outbox (lib/notifications/partner-outbox-message.ts), not through here.
 */
import type { NotificationChannel } from '../notifications/channels.ts';
import type { Notification } from '../notifications/notification.ts';
import type { OfferMessage } from '../notifications/offer-message.ts';
import { dingtalkMarkdown, robotRefusal, signedDingtalkUrl, wecomMarkdown } from '../notifications/robot-messages.ts';
import { standardWebhookRequest } from '../notifications/standard-webhook.ts';
import type { Attempt, AttemptResult } from './attempt-result.ts';
import { postAttempt } from './http-attempt.ts';

export interface ChannelPlan {
  attempt: Attempt;
}

/** The channels posted to over HTTP: a partner's from the delivery queue, the operators' alert channel. */
export type HttpChannel = Extract<NotificationChannel, { type: 'webhook' | 'wecom' | 'dingtalk' }>;

/** What goes out on an HTTP channel: the robots' markdown message, and the Standard Webhook's message id and payload. */
export interface HttpChannelContent {
  message: OfferMessage;
  webhook: { id: string; payload: unknown };
}

/** One POST on an HTTP channel, in that channel's format (a robot's refusal in a 200 counts as a failure). */
export function postOnChannel(channel: HttpChannel, content: HttpChannelContent, at: Date, timeoutMs: number): Promise<AttemptResult> {
  const refusal = (answer: { body: string }) => robotRefusal(answer.body);
  switch (channel.type) {
    case 'webhook': {
      const signed = standardWebhookRequest(channel.secret, content.webhook.id, content.webhook.payload, at);
      return postAttempt({ url: channel.url, body: signed.body, headers: signed.headers, timeoutMs });
    }
    case 'wecom':
      return postAttempt({ url: channel.webhookUrl, body: JSON.stringify(wecomMarkdown(content.message)), timeoutMs }, refusal);
    case 'dingtalk':
      return postAttempt({ url: signedDingtalkUrl(channel.webhookUrl, channel.secret, at), body: JSON.stringify(dingtalkMarkdown(content.message)), timeoutMs }, refusal);
  }
}

export function planFor(channel: HttpChannel, notification: Notification, timeoutMs: number): ChannelPlan {
  const content = { message: notification.message, webhook: { id: notification.id, payload: notification.payload } };
  return { attempt: (at) => postOnChannel(channel, content, at, timeoutMs) };
}
