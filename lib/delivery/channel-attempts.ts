/**
 * How each HTTP channel is tried once: the request in that channel's format. SMS and email go
 * through the text outbox (lib/notifications/partner-outbox-message.ts), not through here.
 */
import type { NotificationChannel } from '../notifications/channels.ts';
import type { Notification } from '../notifications/notification.ts';
import { dingtalkMarkdown, robotRefusal, signedDingtalkUrl, wecomMarkdown } from '../notifications/robot-messages.ts';
import { standardWebhookRequest } from '../notifications/standard-webhook.ts';
import type { Attempt } from './attempt-result.ts';
import { postAttempt } from './http-attempt.ts';

export interface ChannelPlan {
  attempt: Attempt;
}

/** The channels posted to over HTTP from the delivery queue. */
export type HttpChannel = Extract<NotificationChannel, { type: 'webhook' | 'wecom' | 'dingtalk' }>;

export function planFor(channel: HttpChannel, notification: Notification, timeoutMs: number): ChannelPlan {
  const refusal = (answer: { body: string }) => robotRefusal(answer.body);
  switch (channel.type) {
    case 'webhook':
      return {
        attempt: (at) => {
          const signed = standardWebhookRequest(channel.secret, notification.id, notification.payload, at);
          return postAttempt({ url: channel.url, body: signed.body, headers: signed.headers, timeoutMs });
        },
      };
    case 'wecom': {
      const body = JSON.stringify(wecomMarkdown(notification.message));
      return { attempt: () => postAttempt({ url: channel.webhookUrl, body, timeoutMs }, refusal) };
    }
    case 'dingtalk': {
      const body = JSON.stringify(dingtalkMarkdown(notification.message));
      return { attempt: (at) => postAttempt({ url: signedDingtalkUrl(channel.webhookUrl, channel.secret, at), body, timeoutMs }, refusal) };
    }
  }
}
