/**
 * Closes open offers past their deadline and releases the partner's place; the stream then carries
 * each expiry to the cascade. Deadlines run in duty time, so an expiry normally happens on duty; one
 * that happens off duty (the roster changed after the offer) does not count against the partner's
 * reliability: its offer is taken out of the `offered` count.
 */
import type { ServiceCategoryCode } from '../catalog/service-categories.ts';
import { now as currentTime } from '../common/clock.ts';
import { dueOffers, writeClosedOffer } from '../data/offers-repository.ts';
import { getPartner } from '../data/partners-repository.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { isOnDutyAt } from '../matching/duty-schedule.ts';
import { closeOffer } from '../offers/offer.ts';
import type { Partner } from '../partners/partner.ts';
import { logger } from '../observability/logger.ts';

const pageSize = 100;
/** Pages per run at most; the next run, a minute later, takes the rest. */
const maxPages = 20;

export async function expireDueOffers(district: DistrictConfig, at: Date = currentTime()): Promise<{ expired: number; alreadyClosed: number; offDuty: number }> {
  let expired = 0;
  let alreadyClosed = 0;
  let offDuty = 0;
  const partners = new Map<string, Partner | undefined>();
  for (let page = 0; page < maxPages; page++) {
    const due = await dueOffers(at, pageSize);
    for (const offer of due) {
      if (offer.status !== 'open') continue;
      if (!partners.has(offer.partnerId)) partners.set(offer.partnerId, await getPartner(offer.partnerId));
      const schedule = partners.get(offer.partnerId)?.schedule;
      const onDuty = !schedule || isOnDutyAt(schedule, Date.parse(offer.expiresAt), district.timeZone, offer.summary.category as ServiceCategoryCode);
      const closed = { ...closeOffer(offer, 'expired', at, 'no answer before the deadline'), ...(onDuty ? {} : { expiredOffDuty: true }) };
      const written = await writeClosedOffer(closed, onDuty ? { openOrders: -1 } : { openOrders: -1, offered: -1 });
      if (!written) alreadyClosed++;
      else {
        expired++;
        if (!onDuty) offDuty++;
      }
    }
    if (due.length < pageSize) break;
  }
  if (expired + alreadyClosed > 0) logger.info('offers expired', { expired, alreadyClosed, offDuty });
  return { expired, alreadyClosed, offDuty };
}
