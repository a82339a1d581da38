import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../lib/matching/candidate.ts';
import type { MatchRequest } from '../../../lib/matching/match-request.ts';
import { defaultMatchingSettings } from '../../../lib/matching/matching-settings.ts';
import { rankCandidates } from '../../../lib/matching/rank-candidates.ts';
import { checkProperty } from '../property-check.ts';
import { rankingInputs } from './matching-arbitraries.ts';
import { candidate, district, request, tuesdayMorning } from './matching-fixtures.ts';
import { type ReferenceInput, referenceFirstFailure, referenceScore } from './reference/reference-matcher.ts';

const settings = defaultMatchingSettings;
const testDistrict = district();
type RankingInput = { request: MatchRequest; candidates: readonly Candidate[] };
const rankAll = (input: RankingInput) =>
  rankCandidates(input.request, input.candidates, settings, testDistrict, tuesdayMorning, { limit: input.candidates.length });
const reference = (matchRequest: MatchRequest): ReferenceInput => ({
  request: matchRequest,
  settings,
  now: tuesdayMorning.getTime(),
  utcOffsetHours: 8,
  priorMean: settings.reputation.priorMean,
});

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

/**
 * The counterexample that made the improvement property flaky (about 1 seed in 18): an unrated
 * partner, seen at the prior (4★), ranked just above one rated 3.99★ over 100 ratings. The old
 * "better reputation" step gave it one rating of its own mean plus one (3.82★), below the prior,
 * and it rightly fell to second.
 */
const unratedJustAhead: RankingInput = {
  request: request(),
  candidates: [
    candidate({ id: 'p00' }, { reputation: { mean: 2.82, count: 0 } }),
    candidate({ id: 'p01' }, { reputation: { mean: 3.99, count: 100 } }),
  ],
};

// Hundreds of rankings each: on a loaded two-core machine a property can take far longer than the 5 s default.
describe('rankCandidates properties', { timeout: 120_000 }, () => {
  it('ranks exactly the partners that the reference finds eligible, counting each rejection once', () => {
    checkProperty(
      fc.property(rankingInputs, (input) => {
        const failures = input.candidates.map((entry) => referenceFirstFailure(entry, reference(input.request)));
        const ranking = rankAll(input);

        const rankedIds = ranking.ranked.map((entry) => entry.partnerId);
        const eligibleIds = input.candidates.filter((_, index) => failures[index] === undefined).map((entry) => entry.partner.id);
        expect(new Set(rankedIds)).toEqual(new Set(eligibleIds));
        expect(ranking.eligible).toBe(eligibleIds.length);
        for (const name of Object.keys(ranking.rejectedByConstraint)) {
          expect(ranking.rejectedByConstraint[name as keyof typeof ranking.rejectedByConstraint], name).toBe(
            failures.filter((failure) => failure === name).length,
          );
        }
        expect(ranking.chosen?.partnerId).toBe(rankedIds[0]);
      }),
      { numRuns: 300 },
    );
  });

  it('scores every ranked partner as the reference does, best first, ties to fewer open orders and then the lower id', () => {
    checkProperty(
      fc.property(rankingInputs, (input) => {
        const byId = new Map(input.candidates.map((entry) => [entry.partner.id, entry]));
        const ranked = rankAll(input).ranked;

        for (const entry of ranked) {
          const own = byId.get(entry.partnerId);
          if (!own) throw new Error(`ranked an unknown partner ${entry.partnerId}`);
          expect(entry.score).toBeCloseTo(referenceScore(own, reference(input.request)), 9);
        }
        for (let index = 1; index < ranked.length; index += 1) {
          const [above, below] = [ranked[index - 1], ranked[index]];
          if (!above || !below) continue;
          expect(above.score).toBeGreaterThanOrEqual(below.score);
          if (above.score === below.score) {
            const aboveOpen = byId.get(above.partnerId)?.standing.openOrders ?? 0;
            const belowOpen = byId.get(below.partnerId)?.standing.openOrders ?? 0;
            expect(aboveOpen).toBeLessThanOrEqual(belowOpen);
            if (aboveOpen === belowOpen) expect(above.partnerId < below.partnerId).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never lowers a partner rank when one of its terms improves', () => {
    checkProperty(
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
      { numRuns: 300, examples: [[unratedJustAhead, 0, 'better reputation']] },
    );
  });

  it('lets the unrated partner of the old counterexample fall behind when its first rating is below the prior', () => {
    const [unrated, rated] = unratedJustAhead.candidates;
    if (!unrated || !rated) throw new Error('unreachable');
    expect(rankAll(unratedJustAhead).ranked.map((entry) => entry.partnerId)).toEqual(['p00', 'p01']);

    const belowPrior = { ...unrated, standing: { ...unrated.standing, reputation: { mean: 3.82, count: 1 } } };

    expect(rankAll({ ...unratedJustAhead, candidates: [belowPrior, rated] }).ranked.map((entry) => entry.partnerId)).toEqual([
      'p01',
      'p00',
    ]);
  });

  it('makes every score the sum of its contributions', () => {
    checkProperty(
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
    checkProperty(
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
