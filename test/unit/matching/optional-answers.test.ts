import { describe, expect, it } from 'vitest';
import { blockedOnlyByCapacity } from '#lib/matching/capacity-wait.ts';
import { coversServiceArea, meetsSpecialGroupNeeds } from '#lib/matching/constraints.ts';
import { defaultMatchingSettings } from '#lib/matching/matching-settings.ts';
import { decideNextOffer } from '#lib/matching/next-offer.ts';
import { objectives, proximityOf } from '#lib/matching/objectives.ts';
import { rankCandidates } from '#lib/matching/rank-candidates.ts';
import { candidate, context, district, request, tuesdayMorning } from './matching-fixtures.ts';

describe('optional answers never strand a need', () => {
  const gridPartner = candidate({ id: 'grid-partner', serviceArea: { grids: ['hehua-2'] } });

  it('offers the same repair with and without a grid: a grid-less need matches partners serving any grid of its community', () => {
    for (const gridId of ['hehua-2', undefined]) {
      const ranking = rankCandidates(request({ gridId }), [gridPartner], defaultMatchingSettings, district(), tuesdayMorning);
      expect(ranking.chosen?.partnerId).toBe('grid-partner');
    }
    // A grid of another community is still outside: not "anywhere".
    expect(coversServiceArea(gridPartner, context({ gridId: undefined, communityId: 'liuyin' })).passed).toBe(false);
    // A named grid the partner does not serve is outside too.
    expect(coversServiceArea(gridPartner, context({ gridId: 'hehua-1' })).passed).toBe(false);
  });

  it('keeps a grid-less need of a community the district no longer has outside every grid, and far from every partner', () => {
    // The district's communities can change while a need is in flight: no failure, just no match.
    expect(coversServiceArea(gridPartner, context({ gridId: undefined, communityId: 'gone' })).passed).toBe(false);
    expect(proximityOf(gridPartner, context({ gridId: undefined, communityId: 'gone' }))).toEqual({ kind: 'elsewhere' });
  });

  it('counts only the grids of the need’s own community as near for a grid-less need', () => {
    expect(proximityOf(gridPartner, context({ gridId: undefined }))).toEqual({ kind: 'sameCommunity' });
    expect(proximityOf(gridPartner, context({ gridId: undefined, communityId: 'liuyin' }))).toEqual({ kind: 'elsewhere' });
  });

  it('ranks a grid-less need by proximity when its location is known', () => {
    const near = candidate({ id: 'near', serviceArea: { grids: ['hehua-1'] }, base: { lat: 30.2741, lng: 120.1551 } });
    const far = candidate({ id: 'far', serviceArea: { grids: ['hehua-2'] }, base: { lat: 30.3, lng: 120.2 } });
    const ranking = rankCandidates(request({ gridId: undefined, location: { lat: 30.2742, lng: 120.1552 } }), [far, near], defaultMatchingSettings, district(), tuesdayMorning);
    expect(ranking.ranked.map((entry) => entry.partnerId)).toEqual(['near', 'far']);
  });

  it('offers legal advice to a resident over 80 by a partner that gives advice at its office, not at home', () => {
    const lawyers = candidate({ id: 'lawyers', capabilities: [{ category: 'legalAdvice', skillLevel: 5 }], homeVisits: false });
    const legal = { category: 'legalAdvice' as const, specialGroups: ['elderly80' as const] };
    expect(meetsSpecialGroupNeeds(lawyers, context(legal)).passed).toBe(true);
    expect(rankCandidates(request(legal), [lawyers], defaultMatchingSettings, district(), tuesdayMorning).chosen?.partnerId).toBe('lawyers');
    // A repair at the same resident's home still needs a home-visiting partner.
    const workshop = candidate({ id: 'workshop', homeVisits: false });
    expect(meetsSpecialGroupNeeds(workshop, context({ specialGroups: ['elderly80'] })).passed).toBe(false);
  });

  it('lets a district say which categories are done at home', () => {
    const settings = { ...defaultMatchingSettings, homeVisitCategories: ['legalAdvice' as const] };
    const lawyers = candidate({ id: 'lawyers', capabilities: [{ category: 'legalAdvice', skillLevel: 5 }], homeVisits: false });
    expect(meetsSpecialGroupNeeds(lawyers, context({ category: 'legalAdvice', specialGroups: ['elderly80'] }, { settings })).passed).toBe(false);
  });
});

describe('urgent needs: on duty now ranks above on duty later', () => {
  it('the earliest-availability term puts the partner on duty now first, all else equal', () => {
    // Tuesday 09:00: one partner on duty from 08:00, the other from 10:00.
    const now = candidate({ id: 'z-on-duty-now', schedule: { weekly: [{ day: 2, from: '08:00', to: '12:00' }] } });
    const later = candidate({ id: 'a-on-duty-later', schedule: { weekly: [{ day: 2, from: '10:00', to: '12:00' }] } });
    const urgent = rankCandidates(request({ urgency: 'urgent' }), [later, now], defaultMatchingSettings, district(), tuesdayMorning);
    expect(urgent.ranked.map((entry) => entry.partnerId)).toEqual(['z-on-duty-now', 'a-on-duty-later']);
    expect(urgent.chosen?.terms.find((term) => term.name === 'earliestAvailability')?.grade).toBe(1);
    // Without urgency the term does not apply, and the tie goes to the lower id.
    const normal = rankCandidates(request(), [later, now], defaultMatchingSettings, district(), tuesdayMorning);
    expect(normal.ranked[0]?.partnerId).toBe('a-on-duty-later');
    // A preferred window that starts soon (within the urgent horizon) counts like urgency.
    const soon = rankCandidates(request({ preferredWindow: { from: '2025-03-04T09:00:00+08:00', to: '2025-03-04T12:00:00+08:00' } }), [later, now], defaultMatchingSettings, district(), tuesdayMorning);
    expect(soon.ranked[0]?.partnerId).toBe('z-on-duty-now');
    const nextWeek = rankCandidates(request({ preferredWindow: { from: '2025-03-11T09:00:00+08:00', to: '2025-03-11T12:00:00+08:00' } }), [later, now], defaultMatchingSettings, district(), tuesdayMorning);
    expect(nextWeek.chosen?.terms.map((term) => term.name)).not.toContain('earliestAvailability');
  });
});

describe('a preferred window that starts soon', () => {
  const earliest = objectives.find((objective) => objective.name === 'earliestAvailability');
  const startingAt = (from: string) => context({ preferredWindow: { from, to: '2025-03-04T18:00:00+08:00' } });

  it('counts like urgency up to the urgent horizon (2 hours) ahead, and not a second later', () => {
    expect(earliest?.appliesTo(startingAt('2025-03-04T11:00:00+08:00'))).toBe(true);
    expect(earliest?.appliesTo(startingAt('2025-03-04T11:00:01+08:00'))).toBe(false);
    expect(earliest?.appliesTo(context())).toBe(false);
    expect(earliest?.appliesTo(context({ urgency: 'urgent' }))).toBe(true);
  });
});

describe('waiting for a free partner', () => {
  const full = candidate({ id: 'full', capacity: 2 }, { openOrders: 2 });

  it('waits when capacity alone emptied the field', () => {
    const ranking = rankCandidates(request(), [full], defaultMatchingSettings, district(), tuesdayMorning);
    expect(ranking.chosen).toBeUndefined();
    expect(blockedOnlyByCapacity(ranking, request(), [full], defaultMatchingSettings, district(), tuesdayMorning)).toBe(true);
  });

  it('does not wait when the full partners would fail another constraint anyway', () => {
    // Full, and also outside the need's community: a free place would not help.
    const fullElsewhere = candidate({ id: 'full-elsewhere', capacity: 1, serviceArea: { communities: ['liuyin'] } }, { openOrders: 1 });
    const ranking = rankCandidates(request(), [fullElsewhere], defaultMatchingSettings, district(), tuesdayMorning);
    expect(ranking.rejectedByConstraint.freeCapacity).toBe(1);
    expect(blockedOnlyByCapacity(ranking, request(), [fullElsewhere], defaultMatchingSettings, district(), tuesdayMorning)).toBe(false);
  });

  it('offers with a deadline in duty time when given the roster', () => {
    const nightOwl = candidate({ id: 'owl', schedule: { weekly: [{ day: 2, from: '10:30', to: '12:00' }] } });
    const req = request();
    const ranking = rankCandidates(req, [nightOwl], defaultMatchingSettings, district(), tuesdayMorning);
    const decision = decideNextOffer({
      request: req,
      history: [],
      ranking,
      settings: defaultMatchingSettings,
      now: tuesdayMorning,
      duty: { scheduleOf: () => nightOwl.partner.schedule, timeZone: 'Asia/Shanghai' },
    });
    expect(decision).toMatchObject({ action: 'offer', expiresAt: '2025-03-04T02:40:00.000Z', countsFrom: '2025-03-04T02:30:00.000Z' });
  });

  it('runs the window on the plain clock when the roster of the chosen partner is unknown', () => {
    const req = request();
    const ranking = rankCandidates(req, [candidate({ id: 'p' })], defaultMatchingSettings, district(), tuesdayMorning);
    const decision = decideNextOffer({
      request: req,
      history: [],
      ranking,
      settings: defaultMatchingSettings,
      now: tuesdayMorning,
      duty: { scheduleOf: () => undefined, timeZone: 'Asia/Shanghai' },
    });
    expect(decision).toMatchObject({ action: 'offer', expiresAt: '2025-03-04T01:10:00.000Z', countsFrom: '2025-03-04T01:00:00.000Z' });
  });

  it('does not count offers made before a redispatch towards the attempts limit', () => {
    const history = Array.from({ length: 5 }, (_, index) => ({ attempt: index + 1, partnerId: `gone-${index}`, outcome: 'declined' as const }));
    const req = request({ excludedPartnerIds: history.map((entry) => entry.partnerId) });
    const ranking = rankCandidates(req, [candidate({ id: 'recruited' })], defaultMatchingSettings, district(), tuesdayMorning);
    const input = { request: req, history, ranking, settings: defaultMatchingSettings, now: tuesdayMorning };
    expect(decideNextOffer(input).action).toBe('escalate');
    expect(decideNextOffer({ ...input, attemptsBefore: 5 })).toMatchObject({ action: 'offer', partnerId: 'recruited', attempt: 6 });
    // Five more after the redispatch: escalated again, and the reason counts only those five.
    const tenOffers = Array.from({ length: 10 }, (_, index) => ({ attempt: index + 1, partnerId: `gone-${index}`, outcome: 'declined' as const }));
    expect(decideNextOffer({ ...input, history: tenOffers, attemptsBefore: 5 })).toMatchObject({
      action: 'escalate',
      reason: { code: 'maxAttemptsReached', message: { en: 'Offered to 5 partners in turn; each declined or let the offer expire.' } },
    });
  });
});
