/**
 * The waiting queue's safety net, every minute: waiting needs are dispatched again in case the
 * freed place that should have released them was missed (lib/use-cases/release-waiting-needs.ts
 * reacts to each one as it happens). A need that waited past its limit is left to the watchdog,
 * which escalates it (lib/use-cases/watch-needs.ts). Bounded: what does not fit in one run is
 * taken by the next.
 */
import { now as currentTime } from '../common/clock.ts';
import { needsInStatus } from '../data/need-lists.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { waitedTooLong } from '../needs/watchdog.ts';
import { dispatchNeed } from './dispatch-need.ts';

/** Waiting needs read per run, oldest first, and dispatched at most. */
export const waitingReadPerRun = 50;
export const redispatchesPerRun = 10;

export async function recheckWaitingNeeds(district: DistrictConfig, at: Date = currentTime()): Promise<{ redispatched: number }> {
  let redispatched = 0;
  for (const waiting of await needsInStatus('waiting', `${at.toISOString()}~`, waitingReadPerRun)) {
    if (redispatched >= redispatchesPerRun) break;
    if (waitedTooLong(waiting, district.matching, at)) continue;
    await dispatchNeed(waiting.id, district, () => at);
    redispatched++;
  }
  return { redispatched };
}
