import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../lib/matching/candidate.ts';
import { firstFailedConstraint } from '../../../lib/matching/constraints.ts';
import { matchContext } from '../../../lib/matching/match-context.ts';
import { defaultMatchingSettings } from '../../../lib/matching/matching-settings.ts';
import { rankCandidates } from '../../../lib/matching/rank-candidates.ts';
import { rankingInputs } from './matching-arbitraries.ts';
import { district, tuesdayMorning } from './matching-fixtures.ts';

const settings = defaultMatchingSettings;
const testDistrict = district();
const rankAll = (input: { request: Parameters<typeof rankCandidates>[0]; candidates: readonly Candidate[] }) =>
  rankCandidates(input.request, input.candidates, settings, testDistrict, tuesdayMorning, { limit: input.candidates.length });

/** Ways to make one partner better on exactly one term, leaving its constraints no harder to pass. */
const improvements: Record<string, (candidate: Candidate) => Candidate> = {
  // With no ratings yet, the ranking sees the prior: only a rating at or above it is an improvement.
  'better reputation': ({ partner, standing }) => ({
    partner,
    standing: {
      ...standing,
      reputation:
        standing.reputation.count === 0
          ? { mean: 5, count: 1 }
          : { mean: Math.min(5, standing.reputation.mean + 1), count: standing.reputation.count },
    },
  }),
  'fewer open orders': ({ partner, standing }) => ({
    partner,
    standing: { ...standing, openOrders: Math.max(0, standing.openOrders - 1) },
  }),
  'fewer recent orders': ({ partner, standing }) => ({
    partner,
    standing: { ...standing, recentOrders: Math.max(0, standing.recentOrders - 3) },
  }),
  'higher skill': ({ partner, standing }) => ({
    partner: {
      ...partner,
      capabilities: partner.capabilities.map((capability) => ({ ...capability, skillLevel: Math.min(5, capability.skillLevel + 1) })),
    },
    standing,
  }),
  'more offers accepted': ({ partner, standing }) => ({
    partner,
    standing: {
      ...standing,
      reliability: { ...standing.reliability, offered: standing.reliability.offered + 2, accepted: standing.reliability.accepted + 2 },
    },
  }),
  'cheaper price': ({ partner, standing }) => ({
    partner: { ...partner, priceMode: partner.priceMode === 'market' ? 'lowCost' : 'free' },
    standing,
  }),
};

describe('rankCandidates properties', () => {
  it('never chooses or ranks a partner that fails a constraint', () => {
    fc.assert(
      fc.property(rankingInputs, (input) => {
        const context = matchContext(input.request, settings, testDistrict, tuesdayMorning);
        const eligible = input.candidates.filter((entry) => firstFailedConstraint(entry, context) === undefined);
        const ranking = rankAll(input);

        const rankedIds = ranking.ranked.map((entry) => entry.partnerId);
        expect(new Set(rankedIds)).toEqual(new Set(eligible.map((entry) => entry.partner.id)));
        expect(ranking.chosen?.partnerId).toBe(rankedIds[0]);
        expect(ranking.eligible + Object.values(ranking.rejectedByConstraint).reduce((sum, count) => sum + count, 0)).toBe(
          input.candidates.length,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('never lowers a partner rank when one of its terms improves', () => {
    fc.assert(
      fc.property(rankingInputs, fc.nat(), fc.constantFrom(...Object.keys(improvements)), (input, pick, improvement) => {
        const ranked = rankAll(input).ranked;
        fc.pre(ranked.length > 0);
        const before = pick % ranked.length;
        const targetId = ranked[before]?.partnerId;
        const improve = improvements[improvement];
        if (!improve) throw new Error('unreachable');
        const improved = input.candidates.map((entry) => (entry.partner.id === targetId ? improve(entry) : entry));

        const after = rankAll({ ...input, candidates: improved }).ranked.findIndex((entry) => entry.partnerId === targetId);

        expect(after).toBeGreaterThanOrEqual(0);
        expect(after).toBeLessThanOrEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('makes every score the sum of its contributions', () => {
    fc.assert(
      fc.property(rankingInputs, (input) => {
        const ranking = rankAll(input);

        for (const entry of [...ranking.ranked, ...(ranking.chosen ? [ranking.chosen] : [])]) {
          const sum = entry.terms.reduce((total, term) => total + term.contribution, 0);
          expect(Math.abs(sum - entry.score)).toBeLessThanOrEqual(1e-12);
          expect(entry.score).toBeGreaterThanOrEqual(0);
          expect(entry.score).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result for the same input, in any candidate order', () => {
    fc.assert(
      fc.property(
        rankingInputs.chain((input) =>
          fc
            .shuffledSubarray(input.candidates, { minLength: input.candidates.length, maxLength: input.candidates.length })
            .map((shuffled) => ({ input, shuffled })),
        ),
        ({ input, shuffled }) => {
          const first = rankCandidates(input.request, input.candidates, settings, testDistrict, tuesdayMorning);

          expect(rankCandidates(input.request, input.candidates, settings, testDistrict, tuesdayMorning)).toEqual(first);
          expect(rankCandidates(input.request, shuffled, settings, testDistrict, tuesdayMorning)).toEqual(first);
        },
      ),
      { numRuns: 300 },
    );
  });
});
