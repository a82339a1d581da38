/**
 * How long a district keeps residents' personal data in sight (lib/needs/personal-data.ts applies
 * them). Zod only: the district config imports this, so it must import nothing of the domain.
 */
import * as z from 'zod/mini';

export const privacySettingsSchema = z.strictObject({
  /** Days after completion or cancellation during which the partner still sees the contact. */
  partnerContactDays: z._default(z.int().check(z.minimum(0), z.maximum(30)), 3),
  /** Days after a need closes before its personal data is removed. */
  retentionDays: z._default(z.int().check(z.minimum(30), z.maximum(3650)), 180),
});

export type PrivacySettings = z.output<typeof privacySettingsSchema>;
