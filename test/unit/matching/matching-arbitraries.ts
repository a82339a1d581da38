/**
 * fast-check generators for the matching properties: partners with random schedules, areas, loads
 * and records, and requests in the week of 2025-03-04 in Shanghai. Partner ids are unique.
 */
import fc from 'fast-check';
import type { Candidate } from '../../../lib/matching/candidate.ts';
import type { MatchRequest } from '../../../lib/matching/match-request.ts';
import { partnerSchema } from '../../../lib/partners/partner.ts';
import { request, standing } from './matching-fixtures.ts';

const clock = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 30))
  .map(([hour, minute]) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
const weekDates = ['2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09', '2025-03-10'];
const categories = ['repairs', 'haircut'] as const;
const grids = ['hehua-1', 'hehua-2', 'liuyin-1'];
const point = fc.record({
  lat: fc.double({ min: 30.25, max: 30.3, noNaN: true }),
  lng: fc.double({ min: 120.13, max: 120.18, noNaN: true }),
});

const schedule = fc.record({
  weekly: fc.array(
    fc.record({
      day: fc.integer({ min: 1, max: 7 }),
      from: clock,
      to: clock,
      categories: fc.option(fc.subarray([...categories], { minLength: 1 }), { nil: undefined }),
    }),
    { maxLength: 8 },
  ),
  exceptions: fc.uniqueArray(
    fc.record({
      date: fc.constantFrom(...weekDates),
      available: fc.boolean(),
      slots: fc.option(fc.array(fc.record({ from: clock, to: clock }), { maxLength: 2 }), { nil: undefined }),
    }),
    { maxLength: 2, selector: (exception) => exception.date },
  ),
  alwaysAvailable: fc.constantFrom(true, false, false),
});

const partnerFields = fc.record({
  status: fc.constantFrom('active', 'active', 'active', 'active', 'suspended'),
  capabilities: fc.uniqueArray(
    fc.record({ category: fc.constantFrom('repairs', 'repairs', 'haircut'), skillLevel: fc.integer({ min: 1, max: 5 }) }),
    {
      minLength: 1,
      maxLength: 2,
      selector: (capability) => capability.category,
    },
  ),
  serviceArea: fc.record({
    communities: fc.oneof(fc.constant(['hehua', 'liuyin']), fc.subarray(['hehua', 'liuyin'])),
    grids: fc.oneof(fc.constant([]), fc.constant([]), fc.subarray(grids)),
    radiusKm: fc.option(fc.double({ min: 0.5, max: 5, noNaN: true }), { nil: undefined }),
  }),
  base: fc.option(point, { nil: undefined }),
  capacity: fc.integer({ min: 1, max: 6 }),
  priceMode: fc.constantFrom('free', 'lowCost', 'market'),
  homeVisits: fc.constantFrom(true, true, false),
  schedule,
});

const standingFields = fc.record({
  openOrders: fc.integer({ min: 0, max: 3 }),
  recentOrders: fc.integer({ min: 0, max: 20 }),
  reputation: fc.record({ mean: fc.double({ min: 1, max: 5, noNaN: true }), count: fc.integer({ min: 0, max: 40 }) }),
  reliability: fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30), fc.nat(10)).map(([offered, acceptedShare, completed, cancelled]) => ({
    offered,
    accepted: Math.min(offered, acceptedShare),
    completed,
    cancelled,
  })),
});

export const candidates: fc.Arbitrary<Candidate[]> = fc
  .array(fc.tuple(partnerFields, standingFields), { maxLength: 25, size: 'large' })
  .map((rows) =>
    rows.map(([fields, figures], index) => {
      const id = `p${String(index).padStart(2, '0')}`;
      const partner = partnerSchema.parse({
        id,
        kind: 'individual',
        name: { zh: id },
        contact: { name: id, phone: '13800000000' },
        ...fields,
      });
      return { partner, standing: standing(id, figures) };
    }),
  );

export const requests = (partnerIds: string[] = []): fc.Arbitrary<MatchRequest> =>
  fc
    .record({
      category: fc.constantFrom('repairs', 'repairs', 'repairs', 'haircut'),
      gridId: fc.constantFrom(...grids),
      location: fc.option(point, { nil: undefined }),
      window: fc.option(fc.tuple(fc.integer({ min: -2, max: 150 }), fc.integer({ min: 1, max: 12 })), { nil: undefined }),
      urgency: fc.constantFrom('normal', 'urgent'),
      specialGroups: fc.subarray(['elderly80', 'livingAlone', 'disabled', 'seriouslyIll', 'infant'] as const),
      excludedPartnerIds: fc.subarray(partnerIds, { maxLength: Math.min(2, partnerIds.length) }),
    })
    .map(({ gridId, window, location, ...rest }) =>
      request({
        ...rest,
        gridId,
        communityId: gridId.startsWith('hehua') ? 'hehua' : 'liuyin',
        ...(location ? { location } : {}),
        ...(window
          ? {
              preferredWindow: {
                from: new Date(Date.parse('2025-03-04T01:00:00Z') + window[0] * 3_600_000).toISOString(),
                to: new Date(Date.parse('2025-03-04T01:00:00Z') + (window[0] + window[1]) * 3_600_000).toISOString(),
              },
            }
          : {}),
      }),
    );

/** Candidates with a request that may exclude some of them. */
export const rankingInputs = candidates.chain((list) =>
  requests(list.map((entry) => entry.partner.id)).map((matchRequest) => ({ candidates: list, request: matchRequest })),
);
