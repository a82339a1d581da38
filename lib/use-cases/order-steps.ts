/**
 * The assigned partner's steps on an order after accepting (the order id is the need id): start,
 * complete, or give it back. Each reads the need, lets the domain decide, and writes conditionally,
 * again on a fresh read when someone else moved the need first. Start and complete are refused
 * (403) to a partner that is not active, checked again inside the write.
 */
import { now } from '../common/clock.ts';
import { Conflict, Forbidden, NotFound } from '../common/domain-errors.ts';
import { getNeed } from '../data/needs-repository.ts';
import { needWithOffers, writeOrderChange } from '../data/offers-repository.ts';
import { getPartner } from '../data/partners-repository.ts';
import { isNeedId, type Need } from '../needs/need.ts';
import type { Offer } from '../offers/offer.ts';
import { logger } from '../observability/logger.ts';
import { completeOrder, releaseOrder, startOrder } from '../orders/order-steps.ts';
import type { AdmissionStatus } from '../partners/admission.ts';
import { workingPartner } from './accept-offer.ts';
import { expectWritten, retryOnStaleWrite } from './retry-on-stale-write.ts';

export async function orderById(orderId: string): Promise<Need> {
  const need = isNeedId(orderId) ? await getNeed(orderId) : undefined;
  if (!need) throw new NotFound('order');
  return need;
}

/** The caller's admission status: what it may see of residents depends on it (lib/partners/revocation.ts). */
export async function partnerStatusOf(partnerId: string): Promise<AdmissionStatus> {
  const partner = await getPartner(partnerId);
  if (!partner) throw new Forbidden('no partner profile for this token');
  return partner.status;
}

/** The assigned partner's order, with the partner's status (no contact while it is not active). */
export async function orderForPartner(orderId: string, partnerId: string): Promise<{ need: Need; partnerStatus: AdmissionStatus }> {
  const [need, partnerStatus] = await Promise.all([orderById(orderId), partnerStatusOf(partnerId)]);
  if (need.assignedPartner?.id !== partnerId) throw new Forbidden('this order is assigned to another partner');
  return { need, partnerStatus };
}

export function startOrderAsPartner(orderId: string, partnerId: string): Promise<Need> {
  return retryOnStaleWrite('starting the order', async () => {
    await workingPartner(partnerId);
    const need = await orderById(orderId);
    const started = startOrder(need, partnerId, now());
    expectWritten(await writeOrderChange({ need: started, expectedNeedVersion: need.version, activePartnerId: partnerId }), 'start');
    return started;
  });
}

/** The work is done: the order completes, the partner's place frees up, the resident may rate it. */
export function completeOrderAsPartner(orderId: string, partnerId: string, note?: string): Promise<Need> {
  return retryOnStaleWrite('completing the order', async () => {
    await workingPartner(partnerId);
    const need = await orderById(orderId);
    const completed = completeOrder(need, partnerId, now(), note);
    expectWritten(
      await writeOrderChange({
        need: completed,
        expectedNeedVersion: need.version,
        counters: { partnerId, add: { openOrders: -1, completed: 1 } },
        activePartnerId: partnerId,
      }),
      'complete',
    );
    return completed;
  });
}

/**
 * The assigned partner gives back an accepted order it cannot do; its place frees up, the
 * cancellation counts in its reliability, and the stream carries the release to the cascade.
 */
export function releaseOrderAsPartner(orderId: string, partnerId: string, reason: string): Promise<Offer> {
  return retryOnStaleWrite('giving the order back', async () => {
    const { need, offers } = isNeedId(orderId) ? await needWithOffers(orderId) : { need: undefined, offers: [] };
    if (!need) throw new NotFound('order');
    if (need.assignedPartner?.id !== partnerId) throw new Forbidden('this order is not assigned to you');
    const accepted = offers.find((offer) => offer.status === 'accepted');
    if (!accepted) throw new Conflict(`an order that is ${need.status} cannot be given back`, { status: need.status });
    const released = releaseOrder(need, accepted, partnerId, now(), reason);
    expectWritten(
      await writeOrderChange({
        need: released.need,
        expectedNeedVersion: need.version,
        offer: { next: released.offer, expectedStatus: 'accepted' },
        counters: { partnerId, add: { openOrders: -1, cancelled: 1 } },
      }),
      'release',
    );
    logger.info('order released', { needId: need.id, partnerId });
    return released.offer;
  });
}
