/**
 * People told what happens: on a need's status change, the resident gets a text message with the
 * tracking link (queued in the text outbox, lib/messaging/text-outbox.ts), and an escalation reaches
 * the operators (their inbox, and from there their channel). Exactly once per step even when the
 * stream record arrives twice: the text is keyed by the step, the alert by its marker.
 */
import { now } from '../common/clock.ts';
import { sealedTrackingLinkOf } from '../data/needs-repository.ts';
import { queueTextMessage } from '../data/text-outbox-repository.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { residentUpdate, trackingLink } from '../messaging/resident-updates.ts';
import type { Need, NeedStatus } from '../needs/need.ts';
import { unsealForLink } from '../needs/tracking-link.ts';
import { trackingLinkSecret } from '../secrets/tracking-link-secret.ts';
import { alertOperators } from './alert-operators.ts';

export interface TellOptions {
  /** The public address of the resident's pages, e.g. https://example.cn; the link is relative without it. */
  publicBaseUrl: string;
}

export async function notifyResident(previous: NeedStatus | undefined, need: Need, options: TellOptions): Promise<'queued' | 'duplicate' | 'nothing'> {
  // The link is only built (and the token read) when there is something to say.
  if (!residentUpdate(previous, need, '')) return 'nothing';
  const secret = await trackingLinkSecret();
  const sealed = secret ? await sealedTrackingLinkOf(need.id) : undefined;
  const token = sealed && secret ? unsealForLink(sealed, secret) : undefined;
  const link = token ? trackingLink(options.publicBaseUrl, need.id, token) : `${options.publicBaseUrl}/track.html#id=${need.id}`;
  const update = residentUpdate(previous, need, link);
  if (!update) return 'nothing';
  const message = { to: need.contact.phone, text: update.text, purpose: 'residentUpdate' as const, dedupeKey: `${need.id}.${update.key}`, subject: need.id };
  return (await queueTextMessage(message, now())) ? 'queued' : 'duplicate';
}

/** One step of a need, as the stream shows it (old and new image). */
export async function tellPeople(previous: NeedStatus | undefined, need: Need, district: DistrictConfig, options: TellOptions) {
  const resident = await notifyResident(previous, need, options);
  const operators = need.status === 'escalated' && previous !== 'escalated' ? await alertOperators('escalated', need, district) : 'nothing';
  return { resident, operators };
}
