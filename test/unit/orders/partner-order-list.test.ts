import { describe, expect, it } from 'vitest';
import type { Need } from '#lib/needs/need.ts';
import type { Offer } from '#lib/offers/offer.ts';
import { isListedOrder, listedOrders, recentlyCompletedDays } from '#lib/orders/partner-order-list.ts';

const now = new Date('2026-11-29T12:00:00.000Z');
const day = 86_400_000;

function need(status: Need['status'], partnerId = 'p-1', completedAt?: Date): Need {
  return {
    id: `need-${status}-${partnerId}`,
    status,
    assignedPartner: { id: partnerId, name: { zh: '合伙人' } },
    timeline: [{ status: 'submitted', at: '2026-11-01T00:00:00.000Z' }, ...(completedAt ? [{ status: 'completed' as const, at: completedAt.toISOString() }] : [])],
  } as unknown as Need;
}

describe('which orders a partner sees', () => {
  it('lists its accepted and started orders', () => {
    expect(isListedOrder(need('accepted'), 'p-1', now)).toBe(true);
    expect(isListedOrder(need('started'), 'p-1', now)).toBe(true);
  });

  it(`lists a completed order for ${recentlyCompletedDays} days, then no more`, () => {
    expect(isListedOrder(need('completed', 'p-1', new Date(now.getTime() - recentlyCompletedDays * day)), 'p-1', now)).toBe(true);
    expect(isListedOrder(need('completed', 'p-1', new Date(now.getTime() - recentlyCompletedDays * day - 1)), 'p-1', now)).toBe(false);
  });

  it('never lists an order assigned to another partner, or one cancelled, closed or offered again', () => {
    expect(isListedOrder(need('accepted', 'p-2'), 'p-1', now)).toBe(false);
    for (const status of ['cancelled', 'closed', 'offered', 'escalated'] as const) expect(isListedOrder(need(status), 'p-1', now)).toBe(false);
  });

  it("keeps the offers' order and drops offers whose need is missing or not the partner's", () => {
    const offers = [
      { needId: 'need-started-p-1', partnerId: 'p-1' },
      { needId: 'gone', partnerId: 'p-1' },
      { needId: 'need-accepted-p-1', partnerId: 'p-1' },
      { needId: 'need-accepted-p-2', partnerId: 'p-1' },
    ] as Offer[];
    const listed = listedOrders(offers, [need('accepted'), need('started'), need('accepted', 'p-2')], 'p-1', now);
    expect(listed.map(({ need: entry }) => entry.id)).toEqual(['need-started-p-1', 'need-accepted-p-1']);
  });
});

describe('orders that left a partner', () => {
  it('drops an order given back (no partner assigned any more) and a completed order closed since', () => {
    const { assignedPartner, ...givenBack } = need('offered');
    expect(isListedOrder(givenBack as Need, 'p-1', now)).toBe(false);
    const closedAfterCompletion = need('closed', 'p-1', new Date(now.getTime() - day));
    expect(isListedOrder(closedAfterCompletion, 'p-1', now)).toBe(false);
    // Completed with no completion step recorded: not listed (and no failure).
    expect(isListedOrder(need('completed'), 'p-1', now)).toBe(false);
  });

  it("lists a need once, through the partner's own offer, never through another partner's", () => {
    const offers = [{ needId: 'need-accepted-p-1', partnerId: 'p-2' }] as Offer[];
    expect(listedOrders(offers, [need('accepted')], 'p-1', now)).toEqual([]);
  });
});
