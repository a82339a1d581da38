import { describe, expect, it } from 'vitest';
import { defaultMatchingSettings } from '#lib/matching/matching-settings.ts';
import {
  defaultRetryPolicy,
  isRetryableStatus,
  type RetryPolicy,
  retryDecision,
  retryPolicyFrom,
  worstCaseSpanSeconds,
} from '#lib/notifications/retry-schedule.ts';
import { partnerDeliveries } from '#lib/topology/topology.ts';
import { checkQueueConsumer } from '#infra/queue-consumer.ts';

describe('retry policy of one delivery', () => {
  it('tries four times with a 4 s request timeout, waiting 5 s, 30 s, then 90 s between receives', () => {
    expect(defaultRetryPolicy).toEqual({ requestTimeoutMs: 4000, maxReceiveCount: 4, retryDelaysSeconds: [5, 30, 90] });
    expect([1, 2, 3].map((receive) => retryDecision(receive, true))).toEqual([
      { retry: true, afterSeconds: 5 },
      { retry: true, afterSeconds: 30 },
      { retry: true, afterSeconds: 90 },
    ]);
  });

  it('stops at the last receive, so the queue sets the message aside, and never retries what cannot change', () => {
    expect(retryDecision(4, true)).toEqual({ retry: false, why: 'retriesExhausted' });
    expect(retryDecision(9, true)).toEqual({ retry: false, why: 'retriesExhausted' });
    expect(retryDecision(1, false)).toEqual({ retry: false, why: 'notRetryable' });
  });

  it('repeats the last delay when there are more receives than delays', () => {
    const policy: RetryPolicy = { requestTimeoutMs: 1000, maxReceiveCount: 6, retryDelaysSeconds: [1, 5] };
    expect([1, 2, 3, 4, 5].map((receive) => retryDecision(receive, true, policy))).toEqual(
      [1, 5, 5, 5, 5].map((afterSeconds) => ({ retry: true, afterSeconds })),
    );
  });

  it("ends inside even an urgent offer's window when every attempt times out", () => {
    expect(worstCaseSpanSeconds()).toBe(4 * 4 + 5 + 30 + 90);
    expect(worstCaseSpanSeconds()).toBeLessThan(defaultMatchingSettings.offerTimeoutMinutes.urgent * 60);
  });

  it('retries timeouts, rate limits and server errors, not other answers', () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([300, 400, 401, 404, 410, 422].some(isRetryableStatus)).toBe(false);
  });

  it('is read from RETRY_POLICY when the deployment sets it, and refuses a malformed one', () => {
    expect(retryPolicyFrom(undefined, defaultRetryPolicy)).toBe(defaultRetryPolicy);
    const quick = { requestTimeoutMs: 1500, maxReceiveCount: 2, retryDelaysSeconds: [0.5] };
    expect(retryPolicyFrom(JSON.stringify(quick), defaultRetryPolicy)).toEqual(quick);
    expect(() => retryPolicyFrom(JSON.stringify({ ...quick, requestTimeoutMs: 0 }), defaultRetryPolicy)).toThrow(/requestTimeoutMs/);
    expect(() => retryPolicyFrom(JSON.stringify({ ...quick, retryDelaysSeconds: [] }), defaultRetryPolicy)).toThrow(/retryDelaysSeconds/);
  });
});

describe('the declared delivery queue', () => {
  it('hides a message longer than the function runs, and one request fits in the function with room to spare', () => {
    expect(() => checkQueueConsumer(partnerDeliveries)).not.toThrow();
    expect(partnerDeliveries.visibilityTimeoutSeconds).toBeGreaterThan(partnerDeliveries.timeoutSeconds);
    expect(partnerDeliveries.retry.requestTimeoutMs).toBeLessThanOrEqual(5000);
    expect(partnerDeliveries.retry.maxReceiveCount).toBeLessThanOrEqual(5);
  });

  it('refuses a declaration SQS or Lambda would not take', () => {
    expect(() => checkQueueConsumer({ ...partnerDeliveries, visibilityTimeoutSeconds: partnerDeliveries.timeoutSeconds })).toThrow(
      /visibilityTimeoutSeconds/,
    );
    expect(() => checkQueueConsumer({ ...partnerDeliveries, retry: { ...partnerDeliveries.retry, retryDelaysSeconds: [0.5] } })).toThrow(
      /whole seconds/,
    );
    expect(() => checkQueueConsumer({ ...partnerDeliveries, maxConcurrency: 1 })).toThrow(/maxConcurrency/);
    expect(() => checkQueueConsumer({ ...partnerDeliveries, retry: { ...partnerDeliveries.retry, requestTimeoutMs: 15_000 } })).toThrow(
      /requestTimeoutMs/,
    );
  });
});
