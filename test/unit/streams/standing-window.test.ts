import { describe, expect, it } from 'vitest';
import { offeredOnAttribute, recentDays, staleDayCounters, standingFromItem } from '#lib/data/partner-standing-items.ts';

describe("the standing item's rolling window", () => {
  it('names the day counters before the recent window, and only those', () => {
    const now = new Date('2026-11-29T10:00:00Z');
    const item = {
      openOrders: 1,
      [offeredOnAttribute('2026-11-29')]: 2,
      [offeredOnAttribute('2026-11-23')]: 1,
      [offeredOnAttribute('2026-11-22')]: 4,
      [offeredOnAttribute('2025-01-01')]: 9,
    };
    expect(recentDays).toBe(7);
    expect(staleDayCounters(item, now).sort()).toEqual([offeredOnAttribute('2025-01-01'), offeredOnAttribute('2026-11-22')]);
    // What is removed is exactly what the matcher no longer counts.
    expect(standingFromItem('p', item, now).recentOrders).toBe(3);
    expect(staleDayCounters(undefined, now)).toEqual([]);
  });
});
