import { describe, expect, it } from 'vitest';
import { defaultMatchingSettings } from '../../../lib/matching/matching-settings.ts';
import { rankCandidates } from '../../../lib/matching/rank-candidates.ts';
import { candidate, district, request, tuesdayMorning } from './matching-fixtures.ts';

const rank = (candidates: Parameters<typeof rankCandidates>[1], overrides: Parameters<typeof request>[0] = {}, limit?: number) =>
  rankCandidates(request(overrides), candidates, defaultMatchingSettings, district(), tuesdayMorning, limit === undefined ? {} : { limit });

describe('rankCandidates', () => {
  it('chooses the same-grid partner over a community-wide one, all else equal', () => {
    const ranking = rank([candidate({ id: 'community' }), candidate({ id: 'grid', serviceArea: { grids: ['hehua-1'] } })]);

    expect(ranking.ranked.map((entry) => entry.partnerId)).toEqual(['grid', 'community']);
    expect(ranking.chosen?.partnerId).toBe('grid');
  });

  it('counts each rejected candidate once, against the first constraint it fails', () => {
    const ranking = rank([
      candidate({ id: 'suspended', status: 'suspended', capacity: 1 }, { openOrders: 1 }),
      candidate({ id: 'full', capacity: 1 }, { openOrders: 1 }),
      candidate({ id: 'elsewhere', serviceArea: { communities: ['liuyin'] } }),
      candidate({ id: 'ok' }),
    ]);

    expect(ranking.rejectedByConstraint).toEqual({
      active: 1,
      notExcluded: 0,
      capability: 0,
      freeCapacity: 1,
      specialGroupNeeds: 0,
      serviceArea: 1,
      onDuty: 0,
    });
    expect(ranking).toMatchObject({ considered: 4, eligible: 1 });
  });

  it('breaks a tie in score by fewer open orders, then by partner id', () => {
    // Same loadBalance grade: 1 of 2 open is 1 - 0.5, as is 2 of 4.
    const ranking = rank([
      candidate({ id: 'b', capacity: 4 }, { openOrders: 2 }),
      candidate({ id: 'c', capacity: 2 }, { openOrders: 1 }),
      candidate({ id: 'a', capacity: 2 }, { openOrders: 1 }),
    ]);

    expect(ranking.ranked.map((entry) => entry.partnerId)).toEqual(['a', 'c', 'b']);
    expect(new Set(ranking.ranked.map((entry) => entry.score)).size).toBe(1);
  });

  it('returns only the best few, with the runner-ups in the explanation', () => {
    const many = Array.from({ length: 10 }, (_, index) => candidate({ id: `p${index}` }, { recentOrders: index }));

    const ranking = rank(many);

    expect(ranking.ranked.map((entry) => entry.partnerId)).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(ranking.chosen?.runnerUps.map((entry) => entry.partnerId)).toEqual(['p1', 'p2', 'p3']);
    expect(rank(many, {}, 10).ranked).toHaveLength(10);
  });

  it('has no choice when nobody passes', () => {
    const ranking = rank([candidate({ status: 'suspended' })]);

    expect(ranking.ranked).toEqual([]);
    expect(ranking.chosen).toBeUndefined();
  });

  it('prefers free partners for special groups and the earliest on duty for urgent needs', () => {
    const market = candidate({ id: 'market', priceMode: 'market' });
    const free = candidate({ id: 'free', priceMode: 'free', schedule: { weekly: [{ day: 2, from: '10:30', to: '12:00' }] } });

    expect(rank([market, free], { specialGroups: ['livingAlone'] }).chosen?.partnerId).toBe('free');
    expect(rank([market, free], { urgency: 'urgent' }).chosen?.partnerId).toBe('market');
  });
});

describe('explanation of the choice', () => {
  const rankThree = () =>
    rank(
      [
        candidate({ id: 'chosen', serviceArea: { grids: ['hehua-1'] } }, { openOrders: 0 }),
        candidate({ id: 'busy' }, { openOrders: 2 }),
        candidate({ id: 'off', status: 'suspended' }),
      ],
      {},
    );
  // Ranked inside each test, so that mutation testing sees which test runs which code.
  const explained = () => {
    const ranking = rankThree();
    return { ranking, explanation: ranking.chosen };
  };

  it('lists every constraint passed, with its reason', () => {
    const { explanation } = explained();
    expect(explanation?.constraints.map((constraint) => constraint.name)).toEqual([
      'active',
      'notExcluded',
      'capability',
      'freeCapacity',
      'specialGroupNeeds',
      'serviceArea',
      'onDuty',
    ]);
    expect(explanation?.constraints.find((constraint) => constraint.name === 'serviceArea')?.reason).toBe('serves grid hehua-1');
  });

  it('gives terms whose contributions add up to the score', () => {
    const { explanation } = explained();
    const sum = explanation?.terms.reduce((total, term) => total + term.contribution, 0);

    expect(sum).toBe(explanation?.score);
    expect(explanation?.terms.every((term) => term.detail.length > 0)).toBe(true);
  });

  it('says how many each constraint rejected, who came next, and from when the partner is on duty', () => {
    const { ranking, explanation } = explained();
    expect(explanation?.rejectedByConstraint.active).toBe(1);
    expect(explanation?.runnerUps).toEqual([{ partnerId: 'busy', score: ranking.ranked[1]?.score }]);
    expect(explanation?.availability).toEqual({ from: '2025-03-04T01:00:00.000Z', until: '2025-03-04T12:00:00.000Z' });
    expect(explanation?.leadingTerms).toEqual(expect.arrayContaining(['proximity', 'loadBalance']));
  });

  it('is plain JSON', () => {
    const { explanation } = explained();
    expect(JSON.parse(JSON.stringify(explanation))).toEqual(explanation);
  });
});
