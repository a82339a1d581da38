import type * as z from 'zod/mini';
import { InvalidInput } from '#lib/common/domain-errors.ts';
import { parseInput } from '#lib/http/validate.ts';

/** The problems an input is refused with, as the API words them (empty when it is accepted). */
export function problemsOf(schema: z.core.$ZodType, input: unknown): { field: string; detail: string }[] {
  try {
    parseInput(schema, input);
    return [];
  } catch (error) {
    if (error instanceof InvalidInput) return error.problems.map(({ field, detail }) => ({ field, detail }));
    throw error;
  }
}
