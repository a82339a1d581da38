/**
 * A need and its offers at each step of the order loop, for the unit tests of needs, offers, orders
 * and ratings: the need of a resident in community hehua, offered to partner p1 at `at`.
 */
import type { Explanation } from '#lib/matching/explanation.ts';
import { type Need, newNeed, offerNeed } from '#lib/needs/need.ts';
import type { NeedSubmission } from '#lib/needs/need-submission.ts';
import type { Offer } from '#lib/offers/offer.ts';
import { acceptOffer, completeOrder, startOrder } from '#lib/orders/order-steps.ts';

export const at = new Date('2026-11-23T02:00:00Z');
export const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000);
export const partnerOne = { id: 'p1', name: { zh: '李师傅' } };

export const submission: NeedSubmission = {
  category: 'repairs',
  description: '修门锁',
  communityId: 'hehua',
  gridId: 'hehua-1',
  address: '荷花小区3幢2单元401',
  location: { lat: 30.2741, lng: 120.1551 },
  urgency: 'normal',
  specialGroups: ['elderly80'],
  contact: { name: '李奶奶', phone: '13800138000' },
};

// Built anew on each call, inside the test that uses it, so that mutation testing sees which test runs which code.
export const submitted = (): Need =>
  newNeed(submission, { id: 'n1', districtId: 'demo', trackingTokenHash: 'hash-of-token', correlationId: 'c', now: at });

export const offered = (): Need => offerNeed(submitted(), at, { zh: '最早今天', en: 'today' });

export function openOffer(overrides: Partial<Offer> = {}): Offer {
  return {
    id: 'n1.1',
    needId: 'n1',
    attempt: 1,
    partnerId: 'p1',
    status: 'open',
    correlationId: 'c',
    createdAt: at.toISOString(),
    expiresAt: later(10).toISOString(),
    summary: {
      category: 'repairs',
      communityId: 'hehua',
      gridId: 'hehua-1',
      description: '修门锁',
      urgency: 'normal',
      specialGroups: ['elderly80'],
    },
    explanation: {} as Explanation,
    shortReason: { zh: '现在值班', en: 'on duty now' },
    residentSummary: { zh: '', en: '' },
    ...overrides,
  };
}

export const accepted = () => acceptOffer(openOffer(), offered(), partnerOne, at);
export const started = (): Need => startOrder(accepted().need, 'p1', later(30));
export const completed = (): Need => completeOrder(started(), 'p1', later(90));
