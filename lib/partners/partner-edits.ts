/**
 * What operators and partners may write into a profile, checked as pure functions: the body of
 * POST /partners, a merge patch for PATCH /partners/{id}, and the district-level checks (known
 * communities, grids and categories) that partnerSchema alone cannot make.
 */
import * as z from 'zod/mini';
import { type FieldProblem, InvalidInput } from '../common/domain-errors.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { enabledCategories } from '../district/district-lookups.ts';
import { fieldProblemFromIssue } from '../http/validate.ts';
import { isPlainObject, mergePatch } from './merge-patch.ts';
import { type Partner, partnerSchema } from './partner.ts';

/** Path segments after /partners/ that are routes, so never partner ids. */
export const reservedPartnerIds: readonly string[] = ['me', 'import'];

/** Fields no request body may set: the status changes only by admission, the rest are the server's. */
const readOnlyFields: Record<string, string> = {
  status: 'changes only through POST /partners/{id}/status',
  history: 'is written by admission changes',
  createdAt: 'is set by the server',
  updatedAt: 'is set by the server',
  updatedBy: 'is set by the server',
  standing: 'is kept by orders and ratings',
};

const { status: _status, id: idSchema, ...editableShape } = partnerSchema.shape;

/** POST /partners: a whole profile without status (every partner starts `applied`); the id is optional. */
export const partnerCreateSchema = z.strictObject({
  ...editableShape,
  id: z.optional(idSchema.check(z.refine((id) => !reservedPartnerIds.includes(id), 'reserved: names a route'))),
});

export type PartnerCreate = z.output<typeof partnerCreateSchema>;

export function readOnlyProblems(body: unknown, alsoReadOnly: Record<string, string> = {}): FieldProblem[] {
  if (!isPlainObject(body)) return [];
  const fields = { ...readOnlyFields, ...alsoReadOnly };
  return Object.keys(body)
    .filter((key) => key in fields)
    .map((key) => ({ field: key, code: 'read_only', detail: fields[key] ?? 'cannot be set' }));
}

export function parsePartnerCreate(body: unknown): PartnerCreate {
  const readOnly = readOnlyProblems(body);
  if (readOnly.length > 0) throw new InvalidInput(readOnly);
  const result = partnerCreateSchema.safeParse(body);
  if (!result.success) throw new InvalidInput(result.error.issues.map(fieldProblemFromIssue));
  return result.data;
}

/** The top-level fields a PATCH may name (besides `version`, its precondition). */
export const patchableFields: readonly string[] = Object.keys(editableShape);

/**
 * The profile after a JSON merge patch, validated as a whole, so a patch can only produce a
 * profile POST would have accepted. Throws InvalidInput naming every field at fault.
 */
export function applyPartnerPatch(partner: Partner, patch: Record<string, unknown>): Partner {
  const problems = readOnlyProblems(patch, { id: 'a partner keeps its id' });
  for (const key of Object.keys(patch)) {
    if (!(key in readOnlyFields) && key !== 'id' && !patchableFields.includes(key)) {
      problems.push({ field: key, code: 'unknown_field', detail: `unknown field: ${key}` });
    }
  }
  if (problems.length > 0) throw new InvalidInput(problems);
  const result = partnerSchema.safeParse(mergePatch(partner, patch));
  if (!result.success) throw new InvalidInput(result.error.issues.map(fieldProblemFromIssue));
  return result.data;
}

/** Problems only the district can reveal: unknown communities or grids, categories it does not offer. */
export function checkPartnerAgainstDistrict(partner: Partner, district: DistrictConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const communities = new Set(district.communities.map((community) => community.id));
  const grids = new Set(district.communities.flatMap((community) => community.grids.map((grid) => grid.id)));
  const offered = new Set<string>(enabledCategories(district).map((category) => category.code));
  partner.serviceArea.communities.forEach((id, index) => {
    if (!communities.has(id))
      problems.push({
        field: `serviceArea.communities.${index}`,
        code: 'unknown_value',
        detail: `${id} is not a community of this district`,
      });
  });
  partner.serviceArea.grids.forEach((id, index) => {
    if (!grids.has(id))
      problems.push({ field: `serviceArea.grids.${index}`, code: 'unknown_value', detail: `${id} is not a grid of this district` });
  });
  if (
    partner.serviceArea.communities.length === 0 &&
    partner.serviceArea.grids.length === 0 &&
    partner.serviceArea.radiusKm === undefined
  ) {
    problems.push({ field: 'serviceArea', code: 'required', detail: 'name the communities or grids served, or a radius around the base' });
  }
  if (partner.serviceArea.radiusKm !== undefined && !partner.base) {
    problems.push({ field: 'base', code: 'required', detail: 'a service radius needs the base it is measured from' });
  }
  partner.capabilities.forEach((capability, index) => {
    if (!offered.has(capability.category)) {
      problems.push({
        field: `capabilities.${index}.category`,
        code: 'unknown_value',
        detail: `${capability.category} is not offered in this district`,
      });
    }
  });
  const seen = new Set<string>();
  partner.capabilities.forEach((capability, index) => {
    if (seen.has(capability.category)) {
      problems.push({ field: `capabilities.${index}.category`, code: 'duplicate', detail: `${capability.category} is listed twice` });
    }
    seen.add(capability.category);
  });
  problems.push(...checkScheduleAgainstCapabilities(partner.schedule, partner.capabilities));
  return problems;
}

/** A duty slot can narrow to some of the partner's categories, not to ones it does not offer. */
export function checkScheduleAgainstCapabilities(
  schedule: Partner['schedule'],
  capabilities: Partner['capabilities'],
  prefix = 'schedule.',
): FieldProblem[] {
  const offered = new Set<string>(capabilities.map((capability) => capability.category));
  return schedule.weekly.flatMap((slot, slotIndex) =>
    (slot.categories ?? []).flatMap((category, categoryIndex) =>
      offered.has(category)
        ? []
        : [
            {
              field: `${prefix}weekly.${slotIndex}.categories.${categoryIndex}`,
              code: 'unknown_value',
              detail: `the partner does not offer ${category}`,
            },
          ],
    ),
  );
}
