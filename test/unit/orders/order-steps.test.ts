import { describe, expect, it } from 'vitest';
import { Conflict, Forbidden } from '#lib/common/domain-errors.ts';
import { newNeed, offerNeed } from '#lib/needs/need.ts';
import { acceptOffer, completeOrder, declineOffer, releaseOrder, startOrder, withdrawOffer } from '#lib/orders/order-steps.ts';
import { openOffer } from './order-fixtures.ts';

const at = new Date('2026-11-23T02:00:00Z');
const need = () =>
  offerNeed(
    newNeed(
      {
        category: 'repairs',
        description: '修门锁',
        communityId: 'hehua',
        urgency: 'normal',
        specialGroups: [],
        contact: { name: '李', phone: '13800138000' },
      },
      { id: 'n1', districtId: 'demo', trackingTokenHash: 'h', correlationId: 'c', now: at },
    ),
    at,
    { zh: '最早今天', en: 'today' },
  );
const offer = openOffer({
  summary: { category: 'repairs', communityId: 'hehua', description: '修门锁', urgency: 'normal', specialGroups: [] },
});
const partner = { id: 'p1', name: { zh: '李师傅' } };

describe('order steps', () => {
  it('lets only the offered partner accept, while the offer is open and before its deadline', () => {
    const accepted = acceptOffer(offer, need(), partner, at);
    expect(accepted.offer.status).toBe('accepted');
    expect(accepted.need).toMatchObject({ status: 'accepted', assignedPartner: { id: 'p1' } });
    expect(() => acceptOffer(offer, need(), { id: 'p2', name: { zh: '别人' } }, at)).toThrow(Forbidden);
    expect(() => acceptOffer(offer, need(), partner, new Date(Date.parse(offer.expiresAt)))).toThrow(/expired/);
    expect(() => acceptOffer(accepted.offer, accepted.need, partner, at)).toThrow(Conflict);
  });

  it('declines with the reason kept', () => {
    expect(declineOffer(offer, 'p1', at, '太远了')).toMatchObject({ status: 'declined', closeReason: '太远了' });
    expect(() => declineOffer(offer, 'p2', at, 'x')).toThrow(Forbidden);
  });

  it('starts and completes in order, for the assigned partner only', () => {
    const { need: accepted } = acceptOffer(offer, need(), partner, at);
    expect(() => completeOrder(accepted, 'p1', at)).toThrow(Conflict);
    expect(() => startOrder(accepted, 'p2', at)).toThrow(Forbidden);
    const started = startOrder(accepted, 'p1', at);
    expect(completeOrder(started, 'p1', at).status).toBe('completed');
  });

  it('gives an accepted order back: offered again, unassigned, before it starts only', () => {
    const accepted = acceptOffer(offer, need(), partner, at);
    const released = releaseOrder(accepted.need, accepted.offer, 'p1', at, '车坏了');
    expect(released.offer).toMatchObject({ status: 'released', closeReason: '车坏了' });
    expect(released.need.status).toBe('offered');
    expect(released.need.assignedPartner).toBeUndefined();
    expect(released.need.availability).toBeUndefined();
    expect(() => releaseOrder(startOrder(accepted.need, 'p1', at), accepted.offer, 'p1', at, 'x')).toThrow(Conflict);
    expect(() => releaseOrder(accepted.need, accepted.offer, 'p2', at, 'x')).toThrow(Forbidden);
  });

  it('withdraws only a live offer when the resident cancels', () => {
    expect(withdrawOffer(offer, at).status).toBe('withdrawn');
    const declined = declineOffer(offer, 'p1', at, 'x');
    expect(withdrawOffer(declined, at)).toBe(declined);
  });
});
