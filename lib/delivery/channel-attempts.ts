/**
 * How each kind of channel is tried once: the request in that channel's format, sent over HTTP or
 * SNS. A channel that cannot be used in this environment is a skip with the reason.
 */
import type { NotificationChannel } from '../notifications/channels.ts';
import type { Notification } from '../notifications/notification.ts';
import { plainText, smsText } from '../notifications/offer-message.ts';
import { dingtalkMarkdown, robotRefusal, signedDingtalkUrl, wecomMarkdown } from '../notifications/robot-messages.ts';
import { standardWebhookRequest } from '../notifications/standard-webhook.ts';
import type { Attempt } from './attempt-result.ts';
import { postAttempt } from './http-attempt.ts';
import { emailTopicArn, publishEmail, snsEnabled } from './sns-publisher.ts';
import { textMessageSender } from './text-message-sender.ts';

export type ChannelPlan = { attempt: Attempt } | { skip: string };

export function planFor(channel: NotificationChannel, notification: Notification, timeoutMs: number): ChannelPlan {
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
    case 'sms': {
      const sender = textMessageSender();
      if (sender.name === 'none') return { skip: 'no SMS provider in this district' };
      const message = {
        to: channel.phone,
        text: smsText(notification.message),
        purpose: 'partnerOffer',
        dedupeKey: notification.id,
      } as const;
      return { attempt: () => sender.send({ ...message, subject: notification.partnerId }) };
    }
    case 'email': {
      if (!snsEnabled()) return { skip: 'no SNS locally' };
      const topicArn = emailTopicArn();
      if (!topicArn) return { skip: 'email needs EMAIL_TOPIC_ARN: an SNS topic the address is subscribed to' };
      const email = {
        partnerId: notification.partnerId,
        address: channel.address,
        subject: notification.message.title,
        text: plainText(notification.message),
      };
      return { attempt: () => publishEmail(topicArn, email) };
    }
  }
}
