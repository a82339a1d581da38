/**
 * One attempt to put an operators' alert on the district's channel (operatorAlerts.channel): a
 * WeCom or DingTalk group robot, a Standard Webhook, or a text to the operators' number, handed to
 * whichever way of texting the caller has (the alarm forwarder sends it; the alert consumer queues
 * it in the text outbox, so that it carries no SMS client).
 */
import type { AlarmAlert } from '../messaging/alarm-alert.ts';
import type { OperatorAlert } from '../messaging/operator-alert.ts';
import { alertText } from '../messaging/operator-alert.ts';
import type { TextMessage } from '../messaging/text-message.ts';
import type { NotificationChannel } from '../notifications/channels.ts';
import { dingtalkMarkdown, robotRefusal, signedDingtalkUrl, wecomMarkdown } from '../notifications/robot-messages.ts';
import { standardWebhookRequest } from '../notifications/standard-webhook.ts';
import type { AttemptResult } from './attempt-result.ts';
import { postAttempt } from './http-attempt.ts';

/** An alert about a need, or a CloudWatch alarm forwarded from the alarm topic: neither holds anything personal. */
export type ChannelAlert = OperatorAlert | AlarmAlert;

export type SendText = (message: TextMessage) => Promise<AttemptResult>;

const timeoutMs = 5000;

export function attemptAlert(channel: NotificationChannel, alert: ChannelAlert, at: Date, sendText: SendText): Promise<AttemptResult> {
  const refusal = (answer: { body: string }) => robotRefusal(answer.body);
  switch (channel.type) {
    case 'wecom':
      return postAttempt({ url: channel.webhookUrl, body: JSON.stringify(wecomMarkdown(robotMessage(alert))), timeoutMs }, refusal);
    case 'dingtalk':
      return postAttempt({ url: signedDingtalkUrl(channel.webhookUrl, channel.secret, at), body: JSON.stringify(dingtalkMarkdown(robotMessage(alert))), timeoutMs }, refusal);
    case 'webhook': {
      const signed = standardWebhookRequest(channel.secret, alert.id, { type: `operatorAlert.${alert.kind}`, timestamp: alert.at, data: alert }, at);
      return postAttempt({ url: channel.url, body: signed.body, headers: signed.headers, timeoutMs });
    }
    case 'sms':
      return sendText({ to: channel.phone, text: alertText(alert), purpose: 'operatorAlert', dedupeKey: alert.id, subject: alert.kind === 'alarm' ? 'alarm' : alert.needId });
    case 'email':
      return Promise.resolve({ ok: false, error: 'email is not a channel for operators’ alerts', retryable: false });
  }
}

/** An alert holds nothing personal (see operator-alert.ts, alarm-alert.ts): every line may go to the group chat. */
function robotMessage(alert: ChannelAlert) {
  return { title: alert.title, lines: alert.lines, shareableLines: alert.lines };
}
