/**
 * Co-building units (共驻共建单位): government bodies, public institutions and companies stationed in
 * the district that take public problems and needs no partner could serve ("社区吹哨、部门报到").
 * Operators keep the list; a public problem suggests the units whose topics include its category.
 * Pure.
 */
import * as z from 'zod/mini';
import { serviceCategoryCodes } from '../catalog/service-categories.ts';

export const unitKinds = ['government', 'publicInstitution', 'enterprise', 'socialOrganisation', 'other'] as const;

export const unitInputSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100, 'at most 100 characters')),
  kind: z.enum(unitKinds),
  contact: z.strictObject({
    name: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(50, 'at most 50 characters')),
    // A unit's duty line is often a landline with an area code and extension.
    phone: z.string().check(z.trim(), z.regex(/^[0-9+\-() ]{5,24}$/, 'a phone number: digits, spaces, + - ( )')),
  }),
  /** The categories of needs and problems the unit takes (e.g. publicIssue). */
  topics: z.pipe(
    z._default(z.array(z.enum(serviceCategoryCodes)).check(z.maxLength(20)), []),
    z.transform((topics) => [...new Set(topics)]),
  ),
});

export type UnitInput = z.output<typeof unitInputSchema>;

export interface CoBuildingUnit extends UnitInput {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Units whose topics include the category, for needs that are not services (public problems). */
export function suggestedUnits(units: readonly CoBuildingUnit[], category: string): Array<Pick<CoBuildingUnit, 'id' | 'name' | 'kind'>> {
  return units.filter((unit) => (unit.topics as readonly string[]).includes(category)).map(({ id, name, kind }) => ({ id, name, kind }));
}

/** PUT /units/{id}: the whole unit, based on the version read. */
export const unitReplaceSchema = z.extend(unitInputSchema, { version: z.number().check(z.int(), z.minimum(1)) });
