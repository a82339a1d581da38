/**
 * Operators alerted of a need (an escalation, a need without a step): the alert is written to the
 * operators' inbox once per step, and that write is all: the stream takes it to the district's
 * channel (lib/use-cases/deliver-operator-alert.ts), so the caller never waits for a channel.
 */
import { now } from '../common/clock.ts';
import { putOperatorAlert } from '../data/sent-messages-repository.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { type AlertKind, operatorAlert } from '../messaging/operator-alert.ts';
import type { Need } from '../needs/need.ts';
import { logger } from '../observability/logger.ts';

export async function alertOperators(kind: AlertKind, need: Need, district: DistrictConfig, minutesWithoutStep?: number): Promise<'written' | 'duplicate'> {
  const at = now();
  const alert = operatorAlert(kind, need, district, at, minutesWithoutStep);
  if (!(await putOperatorAlert(alert, at, district.operatorAlerts.retentionDays))) return 'duplicate';
  logger.info('operators alerted', { needId: need.id, alertId: alert.id });
  return 'written';
}
