/** Value schemas shared by residents' needs and partners' profiles. */
import * as z from 'zod';

/** Mainland China mobile number; spaces, hyphens and a +86 prefix are accepted and removed. */
export const mainlandMobile = z
  .string()
  .transform((value) => value.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, 'a mainland mobile number: 11 digits starting with 13–19'));

export const geoPointSchema = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
