import { describe, expect, it } from 'vitest';
import { Forbidden } from '#lib/common/domain-errors.ts';
import { residentUpdate } from '#lib/messaging/resident-updates.ts';
import { residentEscalationReasons } from '#lib/needs/need.ts';
import { releaseOrder } from '#lib/orders/order-steps.ts';
import { assertPartnerMayWork, residentReofferReason, revokeWork } from '#lib/partners/revocation.ts';
import { accepted, completed, later, offered, openOffer, started } from '../orders/order-fixtures.ts';

const now = later(45);

describe('a partner that is not active', () => {
  it.each(['suspended', 'vetted', 'applied'] as const)('is refused work with 403 naming its status when %s', (status) => {
    let refused: unknown;
    try {
      assertPartnerMayWork({ status });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(Forbidden);
    expect(refused).toMatchObject({ code: 'partner_not_active', current: { partnerStatus: status } });
    expect((refused as Error).message).toContain(status === 'suspended' ? 'suspended' : 'not admitted');
  });

  it('works when active', () => {
    expect(() => assertPartnerMayWork({ status: 'active' })).not.toThrow();
  });
});

describe('taking back the work of a suspended partner', () => {
  it('revokes an open offer, releases its place and takes it out of the offered count (not a decline)', () => {
    const revocation = revokeWork(offered(), openOffer(), 'p1', now);

    expect(revocation).toMatchObject({ kind: 'offerRevoked', offer: { status: 'revoked', closedAt: now.toISOString() }, counters: { openOrders: -1, offered: -1 } });
    expect(revocation?.offer.closeReason).toMatch(/no longer active/);
    expect(revocation).not.toHaveProperty('need');
  });

  it('gives an accepted order back to the cascade: offered again, unassigned, the resident told why, not counted as a cancellation', () => {
    const { need, offer } = accepted();
    const revocation = revokeWork(need, offer, 'p1', now);

    expect(revocation?.kind).toBe('orderReoffered');
    if (revocation?.kind !== 'orderReoffered') return;
    expect(revocation.need).toMatchObject({ status: 'offered', version: need.version + 1 });
    expect(revocation.need.assignedPartner).toBeUndefined();
    expect(revocation.need.availability).toBeUndefined();
    expect(revocation.need.timeline.at(-1)).toEqual({ status: 'offered', at: now.toISOString(), reason: residentReofferReason });
    expect(revocation.offer).toMatchObject({ status: 'revoked' });
    expect(revocation.counters).toEqual({ openOrders: -1 });
  });

  it('passes an order in progress to operators, with the partner named for them and plain words for the resident', () => {
    const need = started();
    const revocation = revokeWork(need, accepted().offer, 'p1', now);

    expect(revocation?.kind).toBe('orderEscalated');
    if (revocation?.kind !== 'orderEscalated') return;
    expect(revocation.need).toMatchObject({ status: 'escalated', escalation: { code: 'partnerNotActive' } });
    expect(revocation.need.escalation?.message.zh).toContain('李师傅');
    expect(revocation.need.assignedPartner).toBeUndefined();
    expect(revocation.need.timeline.at(-1)?.reason).toBe(residentEscalationReasons.partnerNotActive);
    expect(revocation.offer.status).toBe('revoked');
    expect(revocation.counters).toEqual({ openOrders: -1 });
  });

  it('leaves alone what is not the partner’s live work: a finished order, a closed offer, another partner’s offer', () => {
    expect(revokeWork(completed(), accepted().offer, 'p1', now)).toBeUndefined();
    expect(revokeWork(offered(), openOffer({ status: 'declined' }), 'p1', now)).toBeUndefined();
    expect(revokeWork(offered(), openOffer({ status: 'revoked' }), 'p1', now)).toBeUndefined();
    expect(revokeWork(offered(), openOffer(), 'p2', now)).toBeUndefined();
    const { need, offer } = accepted();
    expect(revokeWork(need, offer, 'p2', now)).toBeUndefined();
    // An order the partner already gave back is the cascade's again.
    const given = releaseOrder(need, offer, 'p1', now, '临时有事');
    expect(revokeWork(given.need, given.offer, 'p1', now)).toBeUndefined();
  });
});

describe('the resident told when an accepted order goes back to the cascade', () => {
  it('says the partner cannot come and another is being found, once per step, and nothing for an ordinary re-offer', () => {
    const { need } = accepted();
    const revocation = revokeWork(need, accepted().offer, 'p1', now);
    if (revocation?.kind !== 'orderReoffered') throw new Error('expected the order back in the cascade');
    const update = residentUpdate('accepted', revocation.need, 'https://example.cn/t');

    expect(update?.text).toContain('原定的服务方无法上门');
    expect(update?.text).toContain('另找服务方');
    expect(update?.key).toBe(`resident.offered.${revocation.need.version}`);
    expect(residentUpdate('submitted', offered(), 'https://example.cn/t')).toBeUndefined();
  });
});
