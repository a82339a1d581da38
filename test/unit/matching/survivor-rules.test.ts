import { describe, expect, it } from 'vitest';
import { isNotExcluded, isOnDuty, meetsSpecialGroupNeeds } from '../../../lib/matching/constraints.ts';
import type { Explanation, ExplainedTerm } from '../../../lib/matching/explanation.ts';
import { shortReasonForPartner } from '../../../lib/matching/explanation-text.ts';
import { defaultMatchingSettings } from '../../../lib/matching/matching-settings.ts';
import { decideNextOffer } from '../../../lib/matching/next-offer.ts';
import type { TermName } from '../../../lib/matching/objectives.ts';
import { rankCandidates } from '../../../lib/matching/rank-candidates.ts';
import { candidate, context, district, request, tuesdayMorning } from './matching-fixtures.ts';

const chosen = (candidates: Parameters<typeof rankCandidates>[1], overrides: Parameters<typeof request>[0] = {}) => {
  const explanation = rankCandidates(request(overrides), candidates, defaultMatchingSettings, district(), tuesdayMorning).chosen;
  if (!explanation) throw new Error('expected a choice');
  return explanation;
};

describe('reasons a constraint gives', () => {
  it('says why an excluded or stay-at-home partner fails', () => {
    expect(isNotExcluded(candidate({ id: 'p1' }), context({ excludedPartnerIds: ['p1'] }))).toEqual({
      passed: false,
      reason: 'declined this need or let an offer for it expire',
    });
    expect(meetsSpecialGroupNeeds(candidate({ homeVisits: false }), context({ specialGroups: ['elderly80'] }))).toEqual({
      passed: false,
      reason: 'needs home visits, which this partner does not make',
    });
  });

  it('calls a window that ends right now passed', () => {
    const window = { from: new Date(tuesdayMorning.getTime() - 3_600_000).toISOString(), to: tuesdayMorning.toISOString() };

    expect(isOnDuty(candidate(), context({ preferredWindow: window })).reason).toBe('the preferred window has passed');
  });
});

describe('the skill detail', () => {
  it('reads the level of the category asked for, not of the first capability', () => {
    const twoSkills = candidate({
      capabilities: [
        { category: 'haircut', skillLevel: 2 },
        { category: 'repairs', skillLevel: 4 },
      ],
    });

    expect(chosen([twoSkills]).terms.find((term) => term.name === 'skill')?.detail).toBe('skill level 4 of 5 in repairs');
  });
});

describe('parts of the day', () => {
  const rankedAt = '2025-03-02T04:00:00.000Z'; // Sunday noon in Shanghai
  const at = (iso: string) => {
    const base = chosen([candidate()]);
    return shortReasonForPartner({ ...base, terms: [], rankedAt, availability: { from: iso, until: iso } } as Explanation, 'en');
  };

  it('start at 06:00, 12:00 and 18:00', () => {
    expect(at('2025-03-03T21:59:00.000Z')).toBe('on duty Tuesday early morning');
    expect(at('2025-03-03T22:00:00.000Z')).toBe('on duty Tuesday morning');
    expect(at('2025-03-04T04:00:00.000Z')).toBe('on duty Tuesday afternoon');
    expect(at('2025-03-04T10:00:00.000Z')).toBe('on duty Tuesday evening');
  });
});

describe('ties in the wording', () => {
  const term = (name: TermName): ExplainedTerm => ({ name, grade: 1, weight: 0.2, contribution: 0.2, detail: '' });

  it('cite equally strong terms in the order of the terms', () => {
    const base = chosen([candidate()]);
    const explanation = {
      ...base,
      leadingTerms: [],
      terms: [term('skill'), term('reputation'), term('reliability'), term('loadBalance')],
    } as Explanation;

    expect(shortReasonForPartner(explanation, 'en')).toBe('on duty now, skilled, well rated');
  });

  it('name constraints with equal counts in the order they are applied', () => {
    const matchRequest = request();
    const ranking = rankCandidates(
      matchRequest,
      [
        candidate({ id: 'x', status: 'suspended' }),
        candidate({ id: 'y', capabilities: [{ category: 'haircut', skillLevel: 3 }] }),
        candidate({ id: 'z', capacity: 1 }, { openOrders: 1 }),
        candidate({ id: 'w', serviceArea: { communities: ['liuyin'] } }),
      ],
      defaultMatchingSettings,
      district(),
      tuesdayMorning,
    );
    const decision = decideNextOffer({
      request: matchRequest,
      history: [],
      ranking,
      settings: defaultMatchingSettings,
      now: tuesdayMorning,
    });

    expect(decision).toMatchObject({
      reason: {
        message: {
          en: 'None of the 4 candidate partners passed every constraint: not active: 1; not offering this service: 1; no free capacity: 1; area not served: 1.',
        },
      },
    });
  });
});
