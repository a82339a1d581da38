import { describe, expect, it } from 'vitest';
import { coversServiceArea, hasCapability, hasFreeCapacity, isOnDuty, meetsSpecialGroupNeeds } from '../../../lib/matching/constraints.ts';
import { haversineKm } from '../../../lib/matching/geo.ts';
import { matchingSettingsSchema } from '../../../lib/matching/matching-settings.ts';
import { gradeSkill } from '../../../lib/matching/objectives.ts';
import { rankCandidates } from '../../../lib/matching/rank-candidates.ts';
import { candidate, context, district, request, tuesdayMorning } from './matching-fixtures.ts';

const repairsAndHaircuts = candidate({
  capabilities: [
    { category: 'haircut', skillLevel: 2 },
    { category: 'repairs', skillLevel: 5 },
  ],
});

describe('a partner offering several categories', () => {
  it('passes the capability check for each of them and no other', () => {
    expect(hasCapability(repairsAndHaircuts, context({ category: 'repairs' }))).toEqual({ passed: true, reason: 'offers repairs' });
    expect(hasCapability(repairsAndHaircuts, context({ category: 'haircut' })).passed).toBe(true);
    expect(hasCapability(repairsAndHaircuts, context({ category: 'legalAdvice' }))).toEqual({
      passed: false,
      reason: 'does not offer legalAdvice',
    });
  });

  it('is graded on the skill of the category asked for', () => {
    expect(gradeSkill(repairsAndHaircuts, context({ category: 'repairs' }))).toBe(1);
    expect(gradeSkill(repairsAndHaircuts, context({ category: 'haircut' }))).toBe(0.25);
  });

  it('is ranked for either category', () => {
    for (const category of ['repairs', 'haircut'] as const) {
      const ranking = rankCandidates(
        request({ category }),
        [repairsAndHaircuts],
        matchingSettingsSchema.parse({}),
        district(),
        tuesdayMorning,
      );
      expect(ranking.chosen?.partnerId, category).toBe('p1');
    }
  });
});

describe('a resident in several special groups', () => {
  const noHomeVisits = candidate({ homeVisits: false });
  const homeVisits = candidate({ homeVisits: true });

  it('needs home visits when any one of the groups does', () => {
    for (const specialGroups of [
      ['livingAlone', 'elderly80'],
      ['infant', 'disabled'],
      ['seriouslyIll', 'livingAlone', 'infant'],
    ] as const) {
      expect(meetsSpecialGroupNeeds(noHomeVisits, context({ specialGroups: [...specialGroups] })).passed, specialGroups.join()).toBe(false);
      expect(meetsSpecialGroupNeeds(homeVisits, context({ specialGroups: [...specialGroups] }))).toEqual({
        passed: true,
        reason: 'makes home visits',
      });
    }
  });

  it('needs none when no group does', () => {
    expect(meetsSpecialGroupNeeds(noHomeVisits, context({ specialGroups: ['livingAlone', 'infant'] }))).toEqual({
      passed: true,
      reason: 'no special requirement',
    });
  });

  it('follows the district list of home-visit groups', () => {
    const settings = matchingSettingsSchema.parse({ homeVisitGroups: ['infant'] });

    expect(meetsSpecialGroupNeeds(noHomeVisits, context({ specialGroups: ['elderly80'] }, { settings })).passed).toBe(true);
    expect(meetsSpecialGroupNeeds(noHomeVisits, context({ specialGroups: ['livingAlone', 'infant'] }, { settings })).passed).toBe(false);
  });

  it('is ranked only to partners that visit, with the price-fit term', () => {
    const ranking = rankCandidates(
      request({ specialGroups: ['livingAlone', 'elderly80'] }),
      [candidate({ id: 'stays', homeVisits: false }), candidate({ id: 'visits', homeVisits: true })],
      matchingSettingsSchema.parse({}),
      district(),
      tuesdayMorning,
    );

    expect(ranking.ranked.map((entry) => entry.partnerId)).toEqual(['visits']);
    expect(ranking.rejectedByConstraint.specialGroupNeeds).toBe(1);
    expect(ranking.ranked[0]?.terms.map((term) => term.name)).toContain('priceFit');
  });
});

describe('capacity', () => {
  it('passes with one order free and fails when full, saying the load', () => {
    expect(hasFreeCapacity(candidate({ capacity: 3 }, { openOrders: 2 }))).toEqual({ passed: true, reason: '2 of 3 orders open' });
    expect(hasFreeCapacity(candidate({ capacity: 3 }, { openOrders: 3 }))).toEqual({ passed: false, reason: '3 of 3 orders open' });
  });
});

describe('service area', () => {
  const base = { lat: 30.2741, lng: 120.1551 };
  const kmNorth = (km: number) => ({ lat: base.lat + km / 111.195, lng: base.lng });

  it('passes a partner serving a grid of the community for a need with no grid; by radius, only within it', () => {
    const gridOnly = candidate({ serviceArea: { communities: ['hehua'], grids: ['hehua-1'] } });
    const gridAndRadius = candidate({ base, serviceArea: { grids: ['hehua-1'], radiusKm: 2 } });

    // A need without a grid is served by any grid of its community (#8).
    expect(coversServiceArea(gridOnly, context({ gridId: undefined }))).toEqual({
      passed: true,
      reason: 'serves a grid of community hehua (the need names no grid)',
    });
    expect(coversServiceArea(gridAndRadius, context({ gridId: 'hehua-2', location: kmNorth(1.5) })).passed).toBe(true);
    expect(coversServiceArea(gridAndRadius, context({ gridId: 'hehua-2', location: kmNorth(2.5) })).passed).toBe(false);
  });

  it('says the radius and the distance when it passes by radius', () => {
    const byRadius = candidate({ base, serviceArea: { communities: ['liuyin'], radiusKm: 3 } });

    expect(coversServiceArea(byRadius, context({ location: kmNorth(1.04) }))).toEqual({
      passed: true,
      reason: 'within 3 km of its base (1.0 km)',
    });
    expect(coversServiceArea(byRadius, context({ location: kmNorth(3.5) }))).toEqual({
      passed: false,
      reason: 'the need is outside its service area',
    });
  });

  it('passes a need exactly at the radius', () => {
    const point = kmNorth(1.7);
    const edge = candidate({ base, serviceArea: { communities: [], radiusKm: haversineKm(base, point) } });

    expect(coversServiceArea(edge, context({ communityId: 'liuyin', location: point })).passed).toBe(true);
  });

  it('needs the partner base as well as the need location to use a radius', () => {
    const noBase = candidate({ serviceArea: { communities: ['liuyin'], radiusKm: 50 } });

    expect(coversServiceArea(noBase, context({ location: base })).passed).toBe(false);
  });

  it('names the grid or community that it serves', () => {
    expect(coversServiceArea(candidate({ serviceArea: { grids: ['hehua-1'] } }), context()).reason).toBe('serves grid hehua-1');
    expect(coversServiceArea(candidate(), context()).reason).toBe('serves community hehua');
  });
});

describe('on duty', () => {
  it('refuses everyone when the preferred window has passed, saying so', () => {
    const outcome = isOnDuty(candidate(), context({ preferredWindow: { from: '2025-03-03T01:00:00Z', to: '2025-03-03T03:00:00Z' } }));

    expect(outcome).toEqual({ passed: false, reason: 'the preferred window has passed' });
  });

  it('names the horizon or the window it looked at', () => {
    expect(isOnDuty(candidate(), context()).reason).toBe('on duty during the next 168 h');
    expect(isOnDuty(candidate(), context({ urgency: 'urgent' })).reason).toBe('on duty during the next 2 h');
    expect(
      isOnDuty(
        candidate({ schedule: { weekly: [] } }),
        context({ preferredWindow: { from: '2025-03-04T02:00:00Z', to: '2025-03-04T03:00:00Z' } }),
      ),
    ).toEqual({
      passed: false,
      reason: 'not on duty during the preferred window',
    });
  });

  it('reads duty for the need category', () => {
    const haircutsOnly = candidate({
      capabilities: [
        { category: 'repairs', skillLevel: 3 },
        { category: 'haircut', skillLevel: 3 },
      ],
      schedule: { weekly: [{ day: 2, from: '08:00', to: '20:00', categories: ['haircut'] }] },
    });

    expect(isOnDuty(haircutsOnly, context({ category: 'haircut', urgency: 'urgent' })).passed).toBe(true);
    expect(isOnDuty(haircutsOnly, context({ category: 'repairs', urgency: 'urgent' })).passed).toBe(false);
  });
});
