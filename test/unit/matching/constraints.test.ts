import { describe, expect, it } from 'vitest';
import {
  constraintNames,
  coversServiceArea,
  firstFailedConstraint,
  hasCapability,
  hasFreeCapacity,
  isActive,
  isNotExcluded,
  isOnDuty,
  meetsSpecialGroupNeeds,
} from '../../../lib/matching/constraints.ts';
import { candidate, context, tuesdayMorning } from './matching-fixtures.ts';

describe('constraint: active', () => {
  it('passes an active partner', () => {
    expect(isActive(candidate()).passed).toBe(true);
  });

  it.each(['applied', 'vetted', 'suspended'] as const)('fails a partner whose status is %s', (status) => {
    const outcome = isActive(candidate({ status }));

    expect(outcome).toEqual({ passed: false, reason: `status is ${status}` });
  });
});

describe('constraint: not excluded', () => {
  it('fails a partner who declined or let an offer for this need expire', () => {
    expect(isNotExcluded(candidate({ id: 'p1' }), context({ excludedPartnerIds: ['p1'] })).passed).toBe(false);
  });

  it('passes everyone else', () => {
    expect(isNotExcluded(candidate({ id: 'p2' }), context({ excludedPartnerIds: ['p1'] })).passed).toBe(true);
  });
});

describe('constraint: capability', () => {
  it('passes a partner offering the category', () => {
    expect(hasCapability(candidate(), context({ category: 'repairs' })).passed).toBe(true);
  });

  it('fails a partner without it', () => {
    expect(hasCapability(candidate(), context({ category: 'haircut' })).reason).toBe('does not offer haircut');
  });
});

describe('constraint: free capacity', () => {
  it('passes while open orders are below capacity', () => {
    expect(hasFreeCapacity(candidate({ capacity: 3 }, { openOrders: 2 })).passed).toBe(true);
  });

  it('fails at capacity', () => {
    expect(hasFreeCapacity(candidate({ capacity: 3 }, { openOrders: 3 })).passed).toBe(false);
  });
});

describe('constraint: special-group needs', () => {
  it.each(['elderly80', 'disabled', 'seriouslyIll'] as const)('requires home visits for %s', (group) => {
    const visitor = candidate({ homeVisits: true });
    const stayAtBase = candidate({ homeVisits: false });
    const needContext = context({ specialGroups: [group] });

    expect(meetsSpecialGroupNeeds(visitor, needContext).passed).toBe(true);
    expect(meetsSpecialGroupNeeds(stayAtBase, needContext).passed).toBe(false);
  });

  it.each(['livingAlone', 'infant'] as const)('does not require home visits for %s alone', (group) => {
    expect(meetsSpecialGroupNeeds(candidate({ homeVisits: false }), context({ specialGroups: [group] })).passed).toBe(true);
  });
});

describe('constraint: service area', () => {
  const needLocation = { lat: 30.2741, lng: 120.1551 };

  it('passes a partner listing the need grid', () => {
    const gridPartner = candidate({ serviceArea: { grids: ['hehua-1'] } });

    expect(coversServiceArea(gridPartner, context({ gridId: 'hehua-1' })).passed).toBe(true);
  });

  it('fails a grid-limited partner for another grid of a community it does not list', () => {
    const gridPartner = candidate({ serviceArea: { grids: ['hehua-2'] } });

    expect(coversServiceArea(gridPartner, context({ gridId: 'hehua-1' })).passed).toBe(false);
  });

  it('lets a grid list narrow a community list', () => {
    const narrowed = candidate({ serviceArea: { communities: ['hehua'], grids: ['hehua-2'] } });

    expect(coversServiceArea(narrowed, context({ gridId: 'hehua-1' })).passed).toBe(false);
  });

  it('passes a partner listing the need community', () => {
    expect(coversServiceArea(candidate({ serviceArea: { communities: ['hehua'] } }), context()).passed).toBe(true);
  });

  it('fails a partner serving other communities', () => {
    expect(coversServiceArea(candidate({ serviceArea: { communities: ['liuyin'] } }), context()).passed).toBe(false);
  });

  it('passes a need located within the radius around the base', () => {
    const nearby = candidate({ serviceArea: { radiusKm: 1 }, base: { lat: 30.28, lng: 120.1551 } }); // ≈ 0.66 km north

    expect(coversServiceArea(nearby, context({ location: needLocation })).passed).toBe(true);
  });

  it('fails a need located beyond the radius', () => {
    const farAway = candidate({ serviceArea: { radiusKm: 0.5 }, base: { lat: 30.28, lng: 120.1551 } });

    expect(coversServiceArea(farAway, context({ location: needLocation })).passed).toBe(false);
  });

  it('cannot judge a radius when the need has no location', () => {
    const radiusOnly = candidate({ serviceArea: { radiusKm: 50 }, base: needLocation });

    expect(coversServiceArea(radiusOnly, context()).passed).toBe(false);
  });
});

describe('constraint: on duty', () => {
  const tuesdayMornings = { weekly: [{ day: 2, from: '08:00', to: '12:00' }] };

  it('passes a partner on duty within the horizon when there is no window', () => {
    expect(isOnDuty(candidate({ schedule: tuesdayMornings }), context()).passed).toBe(true);
  });

  it('fails a partner whose next duty lies beyond the urgent horizon', () => {
    const thursdays = candidate({ schedule: { weekly: [{ day: 4, from: '08:00', to: '12:00' }] } });

    expect(isOnDuty(thursdays, context({ urgency: 'normal' })).passed).toBe(true);
    expect(isOnDuty(thursdays, context({ urgency: 'urgent' })).passed).toBe(false);
  });

  it('passes a partner on duty for part of the preferred window', () => {
    const window = { from: '2025-03-04T11:00:00+08:00', to: '2025-03-04T13:00:00+08:00' };

    expect(isOnDuty(candidate({ schedule: tuesdayMornings }), context({ preferredWindow: window })).passed).toBe(true);
  });

  it('fails a partner off duty throughout the preferred window', () => {
    const window = { from: '2025-03-04T12:00:00+08:00', to: '2025-03-04T13:00:00+08:00' };

    expect(isOnDuty(candidate({ schedule: tuesdayMornings }), context({ preferredWindow: window })).passed).toBe(false);
  });

  it('ignores the part of the window that has already passed', () => {
    const window = { from: '2025-03-04T08:00:00+08:00', to: '2025-03-04T10:00:00+08:00' };
    const now = new Date('2025-03-04T12:00:00+08:00');

    expect(isOnDuty(candidate({ schedule: tuesdayMornings }), context({ preferredWindow: window }, { now })).reason).toBe(
      'the preferred window has passed',
    );
  });

  it('reads the schedule in the district time zone', () => {
    const now = new Date('2025-03-04T07:30:00Z'); // 08:30 in Berlin, 15:30 in Shanghai
    const tuesdayMorningPartner = candidate({ schedule: tuesdayMornings });

    expect(isOnDuty(tuesdayMorningPartner, context({ urgency: 'urgent' }, { now, timeZone: 'Europe/Berlin' })).passed).toBe(true);
    expect(isOnDuty(tuesdayMorningPartner, context({ urgency: 'urgent' }, { now })).passed).toBe(false);
  });
});

describe('constraints in order', () => {
  it('are applied cheapest first', () => {
    expect(constraintNames).toEqual(['active', 'notExcluded', 'capability', 'freeCapacity', 'specialGroupNeeds', 'serviceArea', 'onDuty']);
  });

  it('report the first one a candidate fails', () => {
    const suspendedAndFull = candidate({ status: 'suspended', capacity: 1 }, { openOrders: 1 });

    expect(firstFailedConstraint(suspendedAndFull, context())).toBe('active');
    expect(firstFailedConstraint(candidate(), context({}, { now: tuesdayMorning }))).toBeUndefined();
  });
});
