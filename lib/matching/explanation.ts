/**
 * Why a partner was chosen, stored with the offer (architecture principle 7): every constraint it
 * passed, every term of its score with grade, weight and contribution (they sum to the score), how
 * many candidates each constraint rejected, and the runner-ups. Plain JSON, so it can be stored as is.
 * Operators read all of it; `explanation-text.ts` words the short forms for partners and residents.
 */
import type { PriceMode } from '../partners/partner.ts';
import type { Candidate } from './candidate.ts';
import { type ConstraintName, constraints } from './constraints.ts';
import { firstDutyStretch } from './duty-schedule.ts';
import type { MatchContext } from './match-context.ts';
import { type Proximity, proximityOf, reliabilityRates, shrunkRating, type Term, type TermName } from './objectives.ts';

export interface ExplainedTerm extends Term {
  /** The figures behind the grade, for operators (English). */
  detail: string;
}

export interface Explanation {
  needId: string;
  partnerId: string;
  score: number;
  rankedAt: string;
  timeZone: string;
  constraints: { name: ConstraintName; reason: string }[];
  terms: ExplainedTerm[];
  /** Terms on which the chosen partner graded highest of all eligible candidates (when there were several). */
  leadingTerms: TermName[];
  /** The first unbroken stretch of duty within the time the need is to be served in. */
  availability: { from: string; until: string };
  proximity: Proximity;
  priceMode: PriceMode;
  candidates: { considered: number; eligible: number };
  rejectedByConstraint: Record<ConstraintName, number>;
  runnerUps: { partnerId: string; score: number }[];
  /** Set when an operator chose the partner (由社区工作人员指派): who, their note, and any constraint overridden with the reason. */
  assignedBy?: { by: string; note?: string; override?: { reason: string; constraints: ConstraintName[] } };
}

export interface ChoiceToExplain {
  context: MatchContext;
  candidate: Candidate;
  score: number;
  terms: Term[];
  leadingTerms: TermName[];
  considered: number;
  eligible: number;
  rejectedByConstraint: Record<ConstraintName, number>;
  runnerUps: { partnerId: string; score: number }[];
}

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

function describeTerm(name: TermName, candidate: Candidate, context: MatchContext, availableFrom: number): string {
  const { partner, standing } = candidate;
  switch (name) {
    case 'skill': {
      const level = partner.capabilities.find((entry) => entry.category === context.request.category)?.skillLevel;
      return `skill level ${level ?? '?'} of 5 in ${context.request.category}`;
    }
    case 'proximity': {
      const proximity = proximityOf(candidate, context);
      if (proximity.kind === 'distance') return `${proximity.km.toFixed(2)} km from the need`;
      return { sameGrid: "serves the need's grid", sameCommunity: "serves the need's community", elsewhere: 'elsewhere in the district' }[
        proximity.kind
      ];
    }
    case 'reputation': {
      const { mean, count } = standing.reputation;
      const own = count > 0 ? `${mean.toFixed(2)}★ from ${count} ratings` : 'no ratings yet';
      return `${own}; ${shrunkRating(candidate, context).toFixed(2)}★ shrunk towards the district mean ${context.reputationPriorMean.toFixed(2)}★`;
    }
    case 'reliability': {
      const { offered, accepted, completed, cancelled } = standing.reliability;
      const { acceptance, completion } = reliabilityRates(candidate, context);
      return `accepted ${accepted} of ${offered} offers, completed ${completed} of ${completed + cancelled} orders; ${percent(acceptance)} and ${percent(completion)} with the prior`;
    }
    case 'loadBalance':
      return `${standing.openOrders} of ${partner.capacity} orders open, ${standing.recentOrders} recent orders`;
    case 'priceFit':
      return `${partner.priceMode} service for a resident of a special group`;
    case 'earliestAvailability': {
      const minutes = Math.round((availableFrom - context.serviceRange.from) / 60_000);
      return minutes <= 0 ? 'on duty now' : `on duty in ${minutes} min`;
    }
  }
}

export function explainChoice(choice: ChoiceToExplain): Explanation {
  const { context, candidate } = choice;
  const range = context.serviceRange;
  const stretch = firstDutyStretch(candidate.partner.schedule, context.request.category, range, context.calendar, context.steps) ?? range;
  return {
    needId: context.request.needId,
    partnerId: candidate.partner.id,
    score: choice.score,
    rankedAt: new Date(context.now).toISOString(),
    timeZone: context.district.timeZone,
    constraints: constraints.map(({ name, check }) => ({ name, reason: check(candidate, context).reason })),
    terms: choice.terms.map((term) => ({ ...term, detail: describeTerm(term.name, candidate, context, stretch.from) })),
    leadingTerms: choice.leadingTerms,
    availability: { from: new Date(stretch.from).toISOString(), until: new Date(stretch.to).toISOString() },
    proximity: proximityOf(candidate, context),
    priceMode: candidate.partner.priceMode,
    candidates: { considered: choice.considered, eligible: choice.eligible },
    rejectedByConstraint: { ...choice.rejectedByConstraint },
    runnerUps: choice.runnerUps,
  };
}
