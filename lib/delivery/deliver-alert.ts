/**
 * Sends a CloudWatch alarm's alert to the district's channel (operatorAlerts.channel) from the alarm
 * forwarder: a few quick attempts (lib/delivery/alert-attempt.ts), an SMS through the one
 * text-message sender; a channel that keeps failing is logged and left, because the alarm is on the
 * alarm topic. Alerts about needs go from the operators' inbox through the stream instead
 * (lib/use-cases/deliver-operator-alert.ts).
 */
import type { NotificationChannel } from '../notifications/channels.ts';
import { describeChannel } from '../notifications/channels.ts';
import { logger } from '../observability/logger.ts';
import { attemptAlert, type ChannelAlert } from './alert-attempt.ts';
import type { AttemptResult } from './attempt-result.ts';
import { textMessageSender } from './text-message-sender.ts';

const attempts = 3;

export async function deliverAlert(alert: ChannelAlert, channel: NotificationChannel | undefined): Promise<AttemptResult | undefined> {
  if (!channel) return undefined;
  let result: AttemptResult = { ok: false, error: 'not attempted', retryable: true };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    result = await attemptAlert(channel, alert, new Date(), (message) => textMessageSender().send(message));
    if (result.ok || !result.retryable) break;
    await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
  }
  if (!result.ok) logger.warn('operator alert not delivered', { alertId: alert.id, channel: describeChannel(channel), error: result.error });
  return result;
}
