/**
 * A CloudWatch alarm of the district changed state: the operators hear it on their channel
 * (operatorAlerts.channel) in one plain Chinese line, as they hear of escalations. The alarm topic
 * keeps its other subscribers; a message that is not an alarm's is logged and left.
 */
import type { AttemptResult } from '../delivery/attempt-result.ts';
import { deliverAlert } from '../delivery/deliver-alert.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { alarmAlert, parseAlarmNotice } from '../messaging/alarm-alert.ts';
import { logger } from '../observability/logger.ts';

export type ForwardOutcome = 'notAnAlarm' | 'noChannel' | 'delivered' | 'notDelivered';

export async function forwardAlarm(message: string, district: DistrictConfig): Promise<ForwardOutcome> {
  const notice = parseAlarmNotice(message);
  if (!notice) {
    logger.warn('not a CloudWatch alarm message: not forwarded', { length: message.length });
    return 'notAnAlarm';
  }
  const alert = alarmAlert(notice, district);
  const result: AttemptResult | undefined = await deliverAlert(alert, district.operatorAlerts.channel);
  if (!result) return 'noChannel';
  logger.info('alarm forwarded', { alarm: notice.AlarmName, state: notice.NewStateValue, ok: result.ok });
  return result.ok ? 'delivered' : 'notDelivered';
}
