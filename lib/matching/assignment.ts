/**
 * An operator's assignment judged against the hard constraints: every constraint the partner fails
 * (not only the first, so the operator sees all of them), and an explanation of the offer in the
 * same shape as the cascade's, marked as assigned by staff.
 */
import type { DistrictConfig } from '../district/district-config.ts';
import type { Candidate } from './candidate.ts';
import { type ConstraintName, constraints, noRejections } from './constraints.ts';
import { type Explanation, explainChoice } from './explanation.ts';
import { type MatchOptions, matchContext } from './match-context.ts';
import type { MatchRequest } from './match-request.ts';
import type { MatchingSettings } from './matching-settings.ts';
import { scoreCandidate } from './objectives.ts';

export interface AssignmentJudgement {
  failed: ConstraintName[];
  explanation: Explanation;
}

/**
 * Never overridden: an operator cannot give work to a partner that is not active (it could not
 * accept it), nor give a partner more open orders than it can take.
 */
export const notOverridable: readonly ConstraintName[] = ['active', 'freeCapacity'];

export function judgeAssignment(
  request: MatchRequest,
  candidate: Candidate,
  settings: MatchingSettings,
  district: DistrictConfig,
  now: Date,
  options: MatchOptions = {},
): AssignmentJudgement {
  const context = matchContext(request, settings, district, now, options);
  const failed = constraints.filter((constraint) => !constraint.passes(candidate, context)).map((constraint) => constraint.name);
  const { score, terms } = scoreCandidate(candidate, context);
  const rejectedByConstraint = noRejections();
  const explanation = explainChoice({
    context,
    candidate,
    score,
    terms,
    leadingTerms: [],
    considered: 1,
    eligible: failed.length === 0 ? 1 : 0,
    rejectedByConstraint,
    runnerUps: [],
  });
  return { failed, explanation };
}
