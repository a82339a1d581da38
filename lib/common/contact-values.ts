/** Value schemas shared by residents' needs and partners' profiles. */
import * as z from 'zod/mini';

/** Mainland China mobile number; spaces, hyphens and a +86 prefix are accepted and removed. */
export const mainlandMobile = z.pipe(
  z.pipe(
    z.string(),
    z.transform((value) => value.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '')),
  ),
  z.string().check(z.regex(/^1[3-9]\d{9}$/, 'a mainland mobile number: 11 digits starting with 13–19')),
);

export const geoPointSchema = z.object({
  lat: z.number().check(z.minimum(-90), z.maximum(90)),
  lng: z.number().check(z.minimum(-180), z.maximum(180)),
});
