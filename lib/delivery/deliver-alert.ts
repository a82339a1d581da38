/**
 * Sends an operators' alert to the district's channel (operatorAlerts.channel): a WeCom or DingTalk
 * group robot, a Standard Webhook, or an SMS through the one text-message sender. A few quick
 * attempts; a channel that keeps failing is logged and left, because the alert is already in the
 * operators' inbox (an alert about a need) or on the alarm topic (a CloudWatch alarm).
 */
import type { AlarmAlert } from '../messaging/alarm-alert.ts';
import type { OperatorAlert } from '../messaging/operator-alert.ts';
import { alertText } from '../messaging/operator-alert.ts';
import type { NotificationChannel } from '../notifications/channels.ts';
import { describeChannel } from '../notifications/channels.ts';
import { dingtalkMarkdown, robotRefusal, signedDingtalkUrl, wecomMarkdown } from '../notifications/robot-messages.ts';
import { standardWebhookRequest } from '../notifications/standard-webhook.ts';
import { logger } from '../observability/logger.ts';
import type { AttemptResult } from './attempt-result.ts';
import { postAttempt } from './http-attempt.ts';
import { textMessageSender } from './text-message-sender.ts';

/** An alert about a need, or a CloudWatch alarm forwarded from the alarm topic: neither holds anything personal. */
export type ChannelAlert = OperatorAlert | AlarmAlert;

const attempts = 3;
const timeoutMs = 5000;

function attemptOn(channel: NotificationChannel, alert: ChannelAlert, at: Date): Promise<AttemptResult> {
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
      return textMessageSender().send({ to: channel.phone, text: alertText(alert), purpose: 'operatorAlert', dedupeKey: alert.id, subject: alert.kind === 'alarm' ? 'alarm' : alert.needId });
    case 'email':
      return Promise.resolve({ ok: false, error: 'email is not a channel for operators’ alerts', retryable: false });
  }
}

/** An alert holds nothing personal (see operator-alert.ts, alarm-alert.ts): every line may go to the group chat. */
function robotMessage(alert: ChannelAlert) {
  return { title: alert.title, lines: alert.lines, shareableLines: alert.lines };
}

export async function deliverAlert(alert: ChannelAlert, channel: NotificationChannel | undefined): Promise<AttemptResult | undefined> {
  if (!channel) return undefined;
  let result: AttemptResult = { ok: false, error: 'not attempted', retryable: true };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    result = await attemptOn(channel, alert, new Date());
    if (result.ok || !result.retryable) break;
    await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
  }
  if (!result.ok) logger.warn('operator alert not delivered', { alertId: alert.id, channel: describeChannel(channel), error: result.error });
  return result;
}
