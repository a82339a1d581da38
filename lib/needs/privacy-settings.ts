/**
 * How long a district keeps residents' personal data in sight (lib/needs/personal-data.ts applies
 * them). Zod only: the district config imports this, so it must import nothing of the domain.
 */
import * as z from 'zod';

export const privacySettingsSchema = z.strictObject({
  /** Days after completion or cancellation during which the partner still sees the contact. */
  partnerContactDays: z.int().min(0).max(30).default(3),
  /** Days after a need closes before its personal data is removed. */
  retentionDays: z.int().min(30).max(3650).default(180),
});

export type PrivacySettings = z.output<typeof privacySettingsSchema>;
