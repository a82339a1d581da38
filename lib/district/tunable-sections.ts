/**
 * The district file's sections that operators may tune at run time (lib/settings/district-settings.ts),
 * defined once for the file's schema (district-config.ts) and the settings item's, and apart from
 * the file's schema so that a function reading the live settings does not carry all of it.
 */
import * as z from 'zod/mini';
import { serviceCategoryCodes } from '../catalog/service-categories.ts';
import { matchingSettingsSchema } from '../matching/matching-settings.ts';
import { pointsRulesSchema } from '../reputation/points-rules.ts';

/** Category codes offered in this district; all known categories when omitted. */
export const enabledCategoriesSection = z.optional(z.array(z.enum(serviceCategoryCodes)).check(z.minLength(1)));
/** Weights, timeouts and limits of the matcher; every field has a default. */
export const matchingSection = z.prefault(matchingSettingsSchema, {});
/** How many points a completed and rated order earns its partner. */
export const pointsSection = z.prefault(pointsRulesSchema, {});
