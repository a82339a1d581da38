import { describe, expect, it } from 'vitest';
import { Conflict } from '#lib/common/domain-errors.ts';
import { cancelNeed, moveNeed } from '#lib/needs/need.ts';
import { assertAnswerable, closeOffer } from '#lib/offers/offer.ts';
import { acceptOffer, completeOrder, releaseOrder, startOrder } from '#lib/orders/order-steps.ts';
import { rateNeed } from '#lib/reputation/rating.ts';
import { accepted, at, completed, later, offered, openOffer, partnerOne, started, submitted } from './order-fixtures.ts';

/** The state a refused step reports (the 409's body), or a failure when the step was not refused. */
function conflictOf(step: () => unknown): Record<string, unknown> | undefined {
  try {
    step();
  } catch (error) {
    if (error instanceof Conflict) return error.current;
    throw error;
  }
  throw new Error('expected a Conflict');
}

describe('a refused step says the state that refused it', () => {
  it('for offers: the offer status, or its deadline when it has passed', () => {
    expect(conflictOf(() => assertAnswerable(openOffer({ status: 'declined' }), 'p1', at))).toEqual({ status: 'declined' });
    expect(conflictOf(() => closeOffer(openOffer({ status: 'withdrawn' }), 'expired', at))).toEqual({ status: 'withdrawn' });
    expect(conflictOf(() => assertAnswerable(openOffer(), 'p1', later(11)))).toEqual({
      status: 'expired',
      expiresAt: later(10).toISOString(),
    });
    expect(conflictOf(() => acceptOffer(openOffer(), moveNeed(offered(), 'cancelled', at), partnerOne, at))).toEqual({
      status: 'cancelled',
    });
  });

  it('for orders: the need status', () => {
    expect(conflictOf(() => startOrder(started(), 'p1', at))).toEqual({ status: 'started' });
    expect(conflictOf(() => completeOrder(accepted().need, 'p1', at))).toEqual({ status: 'accepted' });
    expect(conflictOf(() => releaseOrder(started(), accepted().offer, 'p1', at, 'x'))).toEqual({ status: 'started' });
  });

  it('for needs: the status the need is in', () => {
    expect(conflictOf(() => cancelNeed(started(), at))).toEqual({ status: 'started' });
    expect(conflictOf(() => moveNeed(submitted(), 'completed', at))).toEqual({ status: 'submitted' });
  });

  it('for ratings: the status, whether it is rated and when it was completed', () => {
    const completedAt = later(90).toISOString();
    const rated = rateNeed(completed(), { stars: 5, tags: [] }, later(100)).need;

    expect(conflictOf(() => rateNeed(rated, { stars: 5, tags: [] }, later(101)))).toEqual({
      status: 'completed',
      rated: true,
      completedAt,
    });
    expect(conflictOf(() => rateNeed(started(), { stars: 5, tags: [] }, later(101)))).toEqual({
      status: 'started',
      rated: false,
      completedAt: undefined,
    });
    expect(conflictOf(() => rateNeed({ ...completed(), assignedPartner: undefined }, { stars: 5, tags: [] }, later(100)))).toEqual({
      status: 'completed',
    });
  });
});
