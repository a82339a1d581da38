/**
 * A partner's live standing item (`partnerStandingKey`): counters changed by atomic ADDs, never by
 * read-modify-write, so concurrent offers, answers and ratings cannot lose an update.
 * Offers per day are top-level `offered#<YYYY-MM-DD>` counters (ADD needs no existing map); the
 * matcher's "recent orders" is the sum of the last seven of them, and older ones are removed by the
 * standing projector (lib/data/candidates-repository.ts), so the item keeps a rolling window.
 */
import { type PartnerStanding, partnerStandingSchema } from '../matching/candidate.ts';

export const recentDays = 7;

export const offeredOnAttribute = (day: string) => `offered#${day}`;

export function standingFromItem(partnerId: string, item: Record<string, unknown> | undefined, now: Date): PartnerStanding {
  const number = (name: string) => (typeof item?.[name] === 'number' ? (item[name] as number) : 0);
  let recentOrders = 0;
  for (let daysAgo = 0; daysAgo < recentDays; daysAgo++) {
    recentOrders += number(offeredOnAttribute(new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10)));
  }
  const ratingCount = number('ratingCount');
  return partnerStandingSchema.parse({
    partnerId,
    openOrders: Math.max(0, number('openOrders')),
    recentOrders,
    reputation: ratingCount > 0 ? { mean: number('ratingSum') / ratingCount, count: ratingCount } : {},
    reliability: {
      offered: number('offered'),
      accepted: number('accepted'),
      completed: number('completed'),
      cancelled: number('cancelled'),
    },
  });
}

/** The per-day counters older than the recent window, by attribute name. */
export function staleDayCounters(item: Record<string, unknown> | undefined, now: Date): string[] {
  const oldest = new Date(now.getTime() - (recentDays - 1) * 86_400_000).toISOString().slice(0, 10);
  const prefix = offeredOnAttribute('');
  return Object.keys(item ?? {}).filter((name) => name.startsWith(prefix) && name.slice(prefix.length) < oldest);
}
