import * as z from 'zod/mini';
import { type FieldProblem, InvalidInput } from '../common/domain-errors.ts';
import '../common/zod-messages.ts';

/** Parses input with a zod schema; on failure throws InvalidInput naming every field at fault. */
export function parseInput<Schema extends z.core.$ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  throw new InvalidInput(result.error.issues.map(fieldProblemFromIssue));
}

export function fieldProblemFromIssue(issue: z.core.$ZodIssue): FieldProblem {
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
  if (issue.code === 'unrecognized_keys') {
    return { field: issue.keys.length === 1 && field === '(body)' ? String(issue.keys[0]) : field, code: 'unknown_field', detail: `unknown field(s): ${issue.keys.join(', ')}` };
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return { field, code: 'required', detail: 'is required' };
  }
  return { field, code: issue.code, detail: issue.message };
}
