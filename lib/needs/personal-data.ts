/**
 * Residents' personal data kept only as long as needed (China's PIPL as the reference): sensitive
 * special groups only with separate consent, a partner sees the contact from acceptance until a few
 * days after the order ends, and contact, address and free text are removed a set time after the
 * need closes, keeping the anonymous facts (category, community, times, status) for the reports.
 * Pure.
 */
import * as z from 'zod';
import type { Need, NeedStatus } from './need.ts';
import { type NeedSubmission, type SpecialGroup, sensitiveSpecialGroups } from './need-submission.ts';

export const privacySettingsSchema = z.strictObject({
  /** Days after completion or cancellation during which the partner still sees the contact. */
  partnerContactDays: z.int().min(0).max(30).default(3),
  /** Days after a need closes before its personal data is removed. */
  retentionDays: z.int().min(30).max(3650).default(180),
});

export type PrivacySettings = z.output<typeof privacySettingsSchema>;

/** The submission as it may be kept: sensitive groups dropped without separate consent. */
export function withConsentApplied(submission: NeedSubmission): { submission: NeedSubmission; withheld: SpecialGroup[] } {
  if (submission.consent?.sensitive) return { submission, withheld: [] };
  const withheld = submission.specialGroups.filter((group) => sensitiveSpecialGroups.includes(group));
  if (withheld.length === 0) return { submission, withheld };
  return { submission: { ...submission, specialGroups: submission.specialGroups.filter((group) => !withheld.includes(group)) }, withheld };
}

const working: readonly NeedStatus[] = ['accepted', 'started'];
const ended: readonly NeedStatus[] = ['completed', 'cancelled', 'closed'];

/** Whether the need's assigned partner may see the resident's contact, address and location now. */
export function partnerMaySeeContact(need: Need, now: Date, settings: PrivacySettings): boolean {
  if (!need.assignedPartner || need.personalDataRemovedAt) return false;
  if (working.includes(need.status)) return true;
  if (!ended.includes(need.status)) return false;
  const endedAt = need.timeline.findLast((step) => step.status === need.status)?.at;
  return endedAt !== undefined && now.getTime() - Date.parse(endedAt) <= settings.partnerContactDays * 86_400_000;
}

/** When a need ended, while its personal data is still kept; undefined for an open need or one already cleared. */
export function endedAt(need: Need): string | undefined {
  if (!ended.includes(need.status) || need.personalDataRemovedAt) return undefined;
  return need.timeline.findLast((step) => step.status === need.status)?.at ?? need.updatedAt;
}

/** Needs that ended before this instant have kept their personal data long enough. */
export function retentionCutoff(now: Date, settings: PrivacySettings): Date {
  return new Date(now.getTime() - settings.retentionDays * 86_400_000);
}

export const removedText = '（个人信息已删除）';

/** The need without who, where and what the resident wrote; kept: category, community, grid, times, status. */
export function withoutPersonalData(need: Need, now: Date): Need {
  const { address, location, rating, ...kept } = need;
  return {
    ...kept,
    description: removedText,
    contact: { name: removedText, phone: '' },
    ...(rating ? { rating: { stars: rating.stars, tags: rating.tags, at: rating.at } } : {}),
    personalDataRemovedAt: now.toISOString(),
  };
}
