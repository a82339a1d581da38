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
import type { AttemptResult } from './attempt-result.ts';
import { postOnChannel } from './channel-attempts.ts';

/** An alert about a need, or a CloudWatch alarm forwarded from the alarm topic: neither holds anything personal. */
export type ChannelAlert = OperatorAlert | AlarmAlert;

export type SendText = (message: TextMessage) => Promise<AttemptResult>;

const timeoutMs = 5000;

export function attemptAlert(channel: NotificationChannel, alert: ChannelAlert, at: Date, sendText: SendText): Promise<AttemptResult> {
  switch (channel.type) {
    case 'sms':
      return sendText({ to: channel.phone, text: alertText(alert), purpose: 'operatorAlert', dedupeKey: alert.id, subject: alert.kind === 'alarm' ? 'alarm' : alert.needId });
    case 'email':
      return Promise.resolve({ ok: false, error: 'email is not a channel for operators’ alerts', retryable: false });
    default: {
      const webhook = { id: alert.id, payload: { type: `operatorAlert.${alert.kind}`, timestamp: alert.at, data: alert } };
      return postOnChannel(channel, { message: robotMessage(alert), webhook }, at, timeoutMs);
    }
  }
}

/** An alert holds nothing personal (see operator-alert.ts, alarm-alert.ts): every line may go to the group chat. */
function robotMessage(alert: ChannelAlert) {
  return { title: alert.title, lines: alert.lines, shareableLines: alert.lines };
}
