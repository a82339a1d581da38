/**
 * The dispatch benchmark measures what it says: at its smallest size each dispatch ends in a written
 * offer in three DynamoDB requests. (It once failed at its first dispatch, unnoticed, after
 * offers began to check the partner's profile: benchmarks are not part of `npm test` otherwise.)
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../bench/dispatch.bench.ts';

describe('the dispatch benchmark', () => {
  it('offers each need at 100 partners, in 3 DynamoDB requests', { timeout: 120_000 }, async () => {
    const [row] = await main([100]);
    expect(row).toMatchObject({ 'partners in category': 100, 'last outcome': 'offered', 'DynamoDB requests': 3 });
  });
});
