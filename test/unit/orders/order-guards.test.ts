import { describe, expect, it } from 'vitest';
import { Conflict, Forbidden } from '#lib/common/domain-errors.ts';
import { moveNeed } from '#lib/needs/need.ts';
import { assertAnswerable, closeOffer, isExpired } from '#lib/offers/offer.ts';
import { acceptOffer, completeOrder, declineOffer, releaseOrder, startOrder, withdrawOffer } from '#lib/orders/order-steps.ts';
import { accepted, at, later, offered, openOffer, partnerOne, started } from './order-fixtures.ts';

describe('answering an offer', () => {
  it('is refused for every offer that is no longer open, even to its own partner', () => {
    for (const status of ['accepted', 'declined', 'expired', 'withdrawn', 'released'] as const) {
      const closed = openOffer({ status });
      expect(() => assertAnswerable(closed, 'p1', at), status).toThrow(Conflict);
      expect(() => acceptOffer(closed, offered(), partnerOne, at), status).toThrow(`the offer is already ${status}`);
      expect(() => declineOffer(closed, 'p1', at, 'x'), status).toThrow(Conflict);
    }
  });

  it('is refused to another partner before anything else', () => {
    expect(() => assertAnswerable(openOffer({ status: 'released' }), 'p2', at)).toThrow(Forbidden);
    expect(() => assertAnswerable(openOffer(), 'p2', at)).toThrow('this offer was made to another partner');
  });

  it('is allowed until just before the deadline, and refused at it', () => {
    const deadline = later(10);

    expect(() => assertAnswerable(openOffer(), 'p1', new Date(deadline.getTime() - 1))).not.toThrow();
    expect(isExpired(openOffer(), new Date(deadline.getTime() - 1))).toBe(false);
    expect(isExpired(openOffer(), deadline)).toBe(true);
    expect(() => assertAnswerable(openOffer(), 'p1', deadline)).toThrow('the offer has expired');
  });

  it('accepts only while the need is still offered', () => {
    const cancelled = moveNeed(offered(), 'cancelled', at);

    expect(() => acceptOffer(openOffer(), cancelled, partnerOne, at)).toThrow('the need is cancelled');
  });

  it('records the acceptance on the offer and the partner on the need', () => {
    expect(accepted().offer).toMatchObject({ status: 'accepted', closedAt: at.toISOString() });
    expect(accepted().need.assignedPartner).toEqual({ id: 'p1', name: { zh: '李师傅' } });
    expect(accepted().need.timeline.at(-1)).toEqual({ status: 'accepted', at: at.toISOString() });
  });

  it('declines with the time and the reason', () => {
    expect(declineOffer(openOffer(), 'p1', later(2), '太远了')).toMatchObject({
      status: 'declined',
      closedAt: later(2).toISOString(),
      closeReason: '太远了',
    });
  });
});

describe('a released offer', () => {
  const released = () => releaseOrder(accepted().need, accepted().offer, 'p1', later(5), '车坏了');

  it('cannot be accepted again by its old partner, though the need is offered again', () => {
    expect(released().need.status).toBe('offered');
    expect(() => acceptOffer(released().offer, released().need, partnerOne, later(6))).toThrow(Conflict);
    expect(() => declineOffer(released().offer, 'p1', later(6), 'x')).toThrow('the offer is already released');
  });

  it('tells the resident in the timeline that another partner is being found', () => {
    expect(released().need.timeline.at(-1)).toEqual({
      status: 'offered',
      at: later(5).toISOString(),
      reason: '原定的服务方无法上门，正在为您另找服务方。',
    });
    expect(released().offer).toMatchObject({ closedAt: later(5).toISOString(), closeReason: '车坏了' });
  });

  it('is refused when the offer is not the accepted one of this partner', () => {
    expect(() => releaseOrder(accepted().need, openOffer(), 'p1', at, 'x')).toThrow(Conflict);
    expect(() => releaseOrder(accepted().need, { ...accepted().offer, partnerId: 'p2' }, 'p1', at, 'x')).toThrow(Conflict);
    expect(() => releaseOrder(accepted().need, accepted().offer, 'p1', at, 'x')).not.toThrow();
  });

  it('is refused once started, naming the status', () => {
    expect(() => releaseOrder(started(), accepted().offer, 'p1', at, 'x')).toThrow('an order that is started cannot be given back');
  });
});

describe('the assigned partner only', () => {
  it('may start, complete or give back the order', () => {
    expect(() => startOrder(accepted().need, 'p2', at)).toThrow(Forbidden);
    expect(() => completeOrder(started(), 'p2', at)).toThrow('this order is assigned to another partner');
    expect(() => releaseOrder(accepted().need, accepted().offer, 'p2', at, 'x')).toThrow(Forbidden);
  });

  it('may not act on an order nobody holds', () => {
    expect(() => startOrder(offered(), 'p1', at)).toThrow(Forbidden);
    expect(() => completeOrder({ ...started(), assignedPartner: undefined }, 'p1', at)).toThrow(Forbidden);
  });

  it('starts an accepted order and completes a started one, and nothing else', () => {
    expect(() => startOrder(started(), 'p1', at)).toThrow('an order that is started cannot be started');
    expect(() => completeOrder(accepted().need, 'p1', at)).toThrow('an order that is accepted cannot be completed');
    expect(startOrder(accepted().need, 'p1', later(30)).timeline.at(-1)).toEqual({ status: 'started', at: later(30).toISOString() });
    expect(completeOrder(started(), 'p1', later(90)).timeline.at(-1)).toEqual({ status: 'completed', at: later(90).toISOString() });
  });
});

describe('closing and withdrawing offers', () => {
  it('closes an open offer with or without a reason', () => {
    expect(closeOffer(openOffer(), 'expired', later(10))).toEqual({ ...openOffer(), status: 'expired', closedAt: later(10).toISOString() });
    expect(closeOffer(openOffer(), 'declined', at, 'busy').closeReason).toBe('busy');
  });

  it('refuses to close an offer twice', () => {
    expect(() => closeOffer(openOffer({ status: 'expired' }), 'expired', at)).toThrow('the offer is already expired');
  });

  it('withdraws an open or accepted offer with the resident as the reason, and leaves a closed one alone', () => {
    for (const status of ['open', 'accepted'] as const) {
      expect(withdrawOffer(openOffer({ status }), later(3))).toMatchObject({
        status: 'withdrawn',
        closedAt: later(3).toISOString(),
        closeReason: 'cancelled by the resident',
      });
    }
    for (const status of ['declined', 'expired', 'released', 'withdrawn'] as const) {
      const closed = openOffer({ status });
      expect(withdrawOffer(closed, at)).toBe(closed);
    }
  });
});
