/**
 * A partner's place freed up (an order completed, cancelled or given back, an offer declined or
 * expired): the waiting needs it could serve are dispatched again, special groups first, then
 * oldest first. Each dispatch is the cascade's own conditional step, so duplicate and concurrent
 * triggers never give a need two live offers nor a partner more than its capacity.
 */
import { now } from '../common/clock.ts';
import { anyNeedWaiting, waitingQueue } from '../data/need-lists.ts';
import { getPartner } from '../data/partners-repository.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { communitiesServed } from '../data/candidate-items.ts';
import { releaseOrder } from '../needs/waiting-queue.ts';
import { type DispatchResult, dispatchNeed } from './dispatch-need.ts';

/** Needs read from each queue, and dispatched per freed place at most. */
const queueHead = 5;
const maxDispatches = 10;
/** Queues read per trigger at most (categories × communities). */
const maxQueues = 60;

export async function releaseWaitingNeeds(partnerId: string, district: DistrictConfig, openOrders?: number): Promise<DispatchResult[]> {
  if (!(await anyNeedWaiting())) return [];
  const partner = await getPartner(partnerId);
  if (partner?.status !== 'active') return [];
  const communities = communitiesServed(partner, district);
  const queues = partner.capabilities.flatMap(({ category }) => communities.map((communityId) => ({ category, communityId }))).slice(0, maxQueues);
  const heads = await Promise.all(queues.map(({ category, communityId }) => waitingQueue(category, communityId, queueHead)));
  const waiting = heads.flat().sort(releaseOrder).slice(0, maxDispatches);
  const results: DispatchResult[] = [];
  for (const need of waiting) {
    const result = await dispatchNeed(need.id, district, now, openOrders === undefined ? {} : { freshOpenOrders: { partnerId, openOrders } });
    results.push(result);
    // The freed place is taken: the rest keep waiting for the next one.
    if (result.action === 'offered' && result.partnerId === partnerId) break;
  }
  return results;
}
