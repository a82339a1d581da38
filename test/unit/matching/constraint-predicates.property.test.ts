import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constraints, firstFailedConstraint } from '../../../lib/matching/constraints.ts';
import { defaultMatchingSettings } from '../../../lib/matching/matching-settings.ts';
import { matchContext } from '../../../lib/matching/match-context.ts';
import { checkProperty } from '../property-check.ts';
import { rankingInputs } from './matching-arbitraries.ts';
import { district, tuesdayMorning } from './matching-fixtures.ts';

const testDistrict = district();

/** Requests with and without a grid (the form allows "不清楚"), so every service-area branch is met. */
const inputs = fc.tuple(rankingInputs, fc.boolean()).map(([input, withoutGrid]) => {
  if (!withoutGrid) return input;
  const { gridId: _gridId, ...request } = input.request;
  return { ...input, request };
});

// The ranking runs the predicates; explanations and assignments run the checks with their reasons.
describe('constraint predicates', { timeout: 120_000 }, () => {
  it('pass exactly when the checks with reasons pass, and firstFailedConstraint keeps the order of `constraints`', () => {
    checkProperty(
      fc.property(inputs, ({ request, candidates }) => {
        const context = matchContext(request, defaultMatchingSettings, testDistrict, tuesdayMorning);
        for (const candidate of candidates) {
          for (const constraint of constraints) {
            expect(constraint.passes(candidate, context), constraint.name).toBe(constraint.check(candidate, context).passed);
          }
          const firstFailing = constraints.find((constraint) => !constraint.check(candidate, context).passed)?.name;
          expect(firstFailedConstraint(candidate, context)).toBe(firstFailing);
        }
      }),
      { numRuns: 200 },
    );
  });
});
