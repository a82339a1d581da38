import { describe, expect, it } from 'vitest';
import { backoffDelays, defaultRetryPolicy, fitsBefore, isRetryableStatus } from '#lib/notifications/retry-schedule.ts';

describe('retry schedule', () => {
  it('makes three attempts, waiting 0.5 s then 2 s', () => {
    expect(defaultRetryPolicy.attempts).toBe(3);
    expect(backoffDelays()).toEqual([500, 2000]);
  });

  it('grows exponentially with more attempts', () => {
    expect(backoffDelays({ ...defaultRetryPolicy, attempts: 5 })).toEqual([500, 2000, 8000, 32000]);
    expect(backoffDelays({ ...defaultRetryPolicy, attempts: 1 })).toEqual([]);
  });

  it('plans an attempt only when the wait and the attempt fit before the deadline', () => {
    const now = 1_000_000;
    expect(fitsBefore(now + 7000, now, 2000)).toBe(true);
    expect(fitsBefore(now + 6999, now, 2000)).toBe(false);
    expect(fitsBefore(Number.POSITIVE_INFINITY, now, 32000)).toBe(true);
  });

  it('retries timeouts, rate limits and server errors, not other answers', () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([300, 400, 401, 404, 410, 422].some(isRetryableStatus)).toBe(false);
  });
});
