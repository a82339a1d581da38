/**
 * The scheduled watchdog: waiting needs past the district's limit are escalated with that reason
 * (the others are rechecked by lib/use-cases/recheck-waiting-needs.ts); any need that sat without a
 * step past its urgency's limit is flagged in its timeline and the operators alerted, once; needs
 * whose new phone number never confirmed its code are closed after the district's limit.
 * Every read is bounded: what does not fit in one run is taken by the next.
 */
import { now as currentTime } from '../common/clock.ts';
import { needsInStatus } from '../data/need-lists.ts';
import { getNeed, saveNeed } from '../data/needs-repository.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { escalateAfterWaiting, flagOverdue, isOverdue, minutesSince, waitedTooLong, watchedStatuses } from '../needs/watchdog.ts';
import { logger } from '../observability/logger.ts';
import { alertOperators } from './alert-operators.ts';
import { closeUnconfirmedNeeds } from './confirm-phone.ts';
import { retryOnStaleWrite } from './retry-on-stale-write.ts';

const perStatus = 50;

export async function watchNeeds(district: DistrictConfig, at: Date = currentTime()) {
  const settings = district.matching;
  let escalated = 0;
  let flagged = 0;

  for (const waiting of await needsInStatus('waiting', `${at.toISOString()}~`, perStatus)) {
    if (waitedTooLong(waiting, settings, at)) {
      const moved = await retryOnStaleWrite('escalating a need that waited too long', async () => {
        const need = await getNeed(waiting.id);
        if (!need || !waitedTooLong(need, settings, at)) return false;
        await saveNeed(escalateAfterWaiting(need, settings, at), need.version);
        return true;
      });
      if (moved) escalated++;
    }
  }

  const shortest = Math.min(settings.watchdogMinutes.normal, settings.watchdogMinutes.urgent);
  const createdBefore = new Date(at.getTime() - shortest * 60_000).toISOString();
  for (const status of watchedStatuses) {
    for (const candidate of await needsInStatus(status, createdBefore, perStatus, { unflagged: true })) {
      if (!isOverdue(candidate, settings, at)) continue;
      const flaggedNeed = await retryOnStaleWrite('flagging an overdue need', async () => {
        const need = await getNeed(candidate.id);
        if (!need || !isOverdue(need, settings, at)) return undefined;
        const next = flagOverdue(need, at);
        await saveNeed(next, need.version);
        return { before: need, next };
      });
      if (!flaggedNeed) continue;
      flagged++;
      await alertOperators('watchdog', flaggedNeed.next, district, minutesSince(flaggedNeed.before.updatedAt, at));
    }
  }
  // New phone numbers that never confirmed their code (#10): closed with the reason.
  const closedUnconfirmed = await closeUnconfirmedNeeds(district, at);
  if (escalated + flagged + closedUnconfirmed > 0) logger.warn('watchdog', { escalated, flagged, closedUnconfirmed });
  return { escalated, flagged, closedUnconfirmed };
}
