/**
 * Retries of one delivery inside one invocation: exponential backoff (×4 from 0.5 s: 0.5 s, 2 s for
 * three attempts), and never an attempt that could not finish before the function's deadline.
 * Deliberately short: a notification that still fails is logged and left; the offer's own deadline
 * moves the cascade on, so waiting minutes for a partner's server would gain nothing.
 */
export interface RetryPolicy {
  attempts: number;
  firstDelayMs: number;
  factor: number;
  /** Longest one attempt may take (the HTTP request's timeout). */
  attemptTimeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 3, firstDelayMs: 500, factor: 4, attemptTimeoutMs: 5000 };

/** The waits before the 2nd, 3rd, … attempt. */
export function backoffDelays(policy: RetryPolicy = defaultRetryPolicy): number[] {
  return Array.from({ length: Math.max(0, policy.attempts - 1) }, (_, index) => policy.firstDelayMs * policy.factor ** index);
}

/** Whether waiting `delayMs` and then one attempt still fit before `deadline` (epoch ms). */
export function fitsBefore(deadline: number, now: number, delayMs: number, policy: RetryPolicy = defaultRetryPolicy): boolean {
  return now + delayMs + policy.attemptTimeoutMs <= deadline;
}

/** Whether a failed attempt is worth repeating: network trouble, timeouts, 408, 429 and 5xx; not other answers. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
