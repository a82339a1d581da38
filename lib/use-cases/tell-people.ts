/**
 * People told what happens: on a need's status change, the resident gets a text message with the
 * tracking link, and an escalation reaches the operators (inbox and channel). Exactly once per step
 * even when the stream record arrives twice (claimed markers, see sent-messages-repository.ts).
 */
import { now } from '../common/clock.ts';
import { sealedTrackingLinkOf } from '../data/needs-repository.ts';
import { claimMessage, putOperatorAlert, releaseMessage } from '../data/sent-messages-repository.ts';
import { deliverAlert } from '../delivery/deliver-alert.ts';
import { textMessageSender } from '../delivery/text-message-sender.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { type AlertKind, operatorAlert } from '../messaging/operator-alert.ts';
import { residentUpdate, trackingLink } from '../messaging/resident-updates.ts';
import type { Need, NeedStatus } from '../needs/need.ts';
import { unsealForLink } from '../needs/tracking-link.ts';
import { logger } from '../observability/logger.ts';
import { trackingLinkSecret } from '../secrets/tracking-link-secret.ts';

export interface TellOptions {
  /** The public address of the resident's pages, e.g. https://example.cn; the link is relative without it. */
  publicBaseUrl: string;
}

export async function notifyResident(previous: NeedStatus | undefined, need: Need, options: TellOptions): Promise<'sent' | 'duplicate' | 'nothing'> {
  // The link is only built (and the token read) when there is something to say.
  if (!residentUpdate(previous, need, '')) return 'nothing';
  const secret = await trackingLinkSecret();
  const sealed = secret ? await sealedTrackingLinkOf(need.id) : undefined;
  const token = sealed && secret ? unsealForLink(sealed, secret) : undefined;
  const link = token ? trackingLink(options.publicBaseUrl, need.id, token) : `${options.publicBaseUrl}/track.html#id=${need.id}`;
  const update = residentUpdate(previous, need, link);
  if (!update) return 'nothing';
  if (!(await claimMessage(need.id, update.key, now()))) return 'duplicate';
  const result = await textMessageSender().send({ to: need.contact.phone, text: update.text, purpose: 'residentUpdate', dedupeKey: `${need.id}.${update.key}`, subject: need.id });
  if (!result.ok) {
    if (result.retryable) {
      await releaseMessage(need.id, update.key);
      throw new Error(`resident update ${update.key} not sent: ${result.error}`);
    }
    logger.warn('resident update not sent', { needId: need.id, key: update.key, error: result.error });
  }
  return 'sent';
}

export async function alertOperators(kind: AlertKind, need: Need, district: DistrictConfig, minutesWithoutStep?: number): Promise<'sent' | 'duplicate'> {
  const at = now();
  const alert = operatorAlert(kind, need, district, at, minutesWithoutStep);
  if (!(await putOperatorAlert(alert, at, district.operatorAlerts.retentionDays))) return 'duplicate';
  await deliverAlert(alert, district.operatorAlerts.channel);
  logger.info('operators alerted', { needId: need.id, alertId: alert.id });
  return 'sent';
}

/** One step of a need, as the stream shows it (old and new image). */
export async function tellPeople(previous: NeedStatus | undefined, need: Need, district: DistrictConfig, options: TellOptions) {
  const resident = await notifyResident(previous, need, options);
  const operators = need.status === 'escalated' && previous !== 'escalated' ? await alertOperators('escalated', need, district) : 'nothing';
  return { resident, operators };
}
