/**
 * An alert written to the operators' inbox (lib/data/sent-messages-repository.ts putOperatorAlert)
 * reaches the district's channel from the stream, so neither the watchdog nor the consumer that
 * wrote it waits for a channel: one attempt per record, claimed with a marker beside the need so a
 * redelivered record posts nothing twice; a failure worth retrying gives the claim back and throws
 * (the stream tries again, then sets the record aside in the failure queue); an SMS channel's text
 * goes into the text outbox. The alert is already in the inbox whatever becomes of it here.
 */
import { now as currentTime } from '../common/clock.ts';
import { claimMessage, releaseMessage } from '../data/sent-messages-repository.ts';
import { queueTextMessage } from '../data/text-outbox-repository.ts';
import { attemptAlert } from '../delivery/alert-attempt.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import type { OperatorAlert } from '../messaging/operator-alert.ts';
import { describeChannel } from '../notifications/channels.ts';
import { logger } from '../observability/logger.ts';

export type AlertDeliveryOutcome = 'noChannel' | 'duplicate' | 'delivered' | 'notDelivered';

export async function deliverOperatorAlert(alert: OperatorAlert, district: DistrictConfig, now: () => Date = currentTime): Promise<AlertDeliveryOutcome> {
  const channel = district.operatorAlerts.channel;
  if (!channel) return 'noChannel';
  const claim = `delivered.${alert.id}`;
  if (!(await claimMessage(alert.needId, claim, now()))) return 'duplicate';
  const result = await attemptAlert(channel, alert, now(), async (message) => {
    await queueTextMessage(message, now());
    return { ok: true };
  });
  if (result.ok) return 'delivered';
  if (result.retryable) {
    await releaseMessage(alert.needId, claim);
    throw new Error(`operator alert ${alert.id} not delivered on ${describeChannel(channel)}, to be retried: ${result.error}`);
  }
  logger.warn('operator alert not delivered', { alertId: alert.id, channel: describeChannel(channel), error: result.error });
  return 'notDelivered';
}
