import fc from 'fast-check';
import { checkProperty } from '../property-check.ts';
import { describe, expect, it } from 'vitest';
import { TopK } from '../../../lib/matching/top-k.ts';

describe('top k', { timeout: 60_000 }, () => {
  const greater = (left: number, right: number) => left > right;

  it('keeps the k best, best first', () => {
    const best = new TopK(3, greater);

    for (const value of [5, 1, 9, 7, 3, 8]) best.offer(value);

    expect(best.items).toEqual([9, 8, 7]);
  });

  it('keeps nothing when k is 0', () => {
    const none = new TopK(0, greater);

    none.offer(1);

    expect(none.items).toEqual([]);
  });

  it('agrees with sorting everything and taking the first k', () => {
    checkProperty(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 0, max: 10 }), (values, k) => {
        const best = new TopK(k, greater);

        for (const value of values) best.offer(value);

        expect(best.items).toEqual([...values].sort((left, right) => right - left).slice(0, k));
      }),
    );
  });
});
