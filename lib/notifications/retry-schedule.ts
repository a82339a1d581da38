/**
 * How one delivery (one notification on one channel) is retried. Each delivery is its own queue
 * message (lib/notifications/delivery-message.ts): one attempt per receive, with a short timeout, and
 * after a failure the message stays hidden for the next delay before it is received again. A message
 * received `maxReceiveCount` times without success goes to the dead-letter queue. Pure: the queue
 * (SQS in the cloud, infra/local/queue-runner.ts locally) and the sender apply it.
 */
import * as z from 'zod/mini';

export interface RetryPolicy {
  /** Longest one attempt may take (the HTTP request's timeout): a hanging endpoint costs its own delivery this much, no more. */
  requestTimeoutMs: number;
  /** Receives of a message before the queue sets it aside (SQS maxReceiveCount). */
  maxReceiveCount: number;
  /** How long a failed message stays hidden after its 1st, 2nd, … receive; the last repeats. */
  retryDelaysSeconds: readonly number[];
}

/**
 * Four tries within about two and a half minutes, every one timing out included: inside even an
 * urgent offer's window (3 minutes by default), so a partner whose server was briefly down still
 * hears of the offer while it can be accepted; a partner that cannot be reached at all is logged as
 * failed and its message is kept in the dead-letter queue for operators.
 */
export const defaultRetryPolicy: RetryPolicy = { requestTimeoutMs: 4000, maxReceiveCount: 4, retryDelaysSeconds: [5, 30, 90] };

/** What to do after an attempt on the `receiveCount`-th receive of a message failed. */
export type RetryDecision = { retry: true; afterSeconds: number } | { retry: false; why: 'notRetryable' | 'retriesExhausted' };

export function retryDecision(receiveCount: number, retryable: boolean, policy: RetryPolicy = defaultRetryPolicy): RetryDecision {
  if (!retryable) return { retry: false, why: 'notRetryable' };
  if (receiveCount >= policy.maxReceiveCount) return { retry: false, why: 'retriesExhausted' };
  const delays = policy.retryDelaysSeconds;
  const afterSeconds = delays[Math.min(Math.max(receiveCount, 1), delays.length) - 1] ?? 0;
  return { retry: true, afterSeconds };
}

/** The longest a delivery can take from its first receive to its last attempt's end: every wait and every attempt timing out. */
export function worstCaseSpanSeconds(policy: RetryPolicy = defaultRetryPolicy): number {
  let total = 0;
  for (let receive = 1; receive <= policy.maxReceiveCount; receive++) {
    total += policy.requestTimeoutMs / 1000;
    const decision = retryDecision(receive, true, policy);
    if (decision.retry) total += decision.afterSeconds;
  }
  return total;
}

/** Whether a failed attempt is worth repeating: network trouble, timeouts, 408, 429 and 5xx; not other answers. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Where a deployment hands the sender its policy (infra/queue-consumer.ts, infra/local/start-system.ts): JSON of a RetryPolicy. */
export const retryPolicyVariable = 'RETRY_POLICY';

const retryPolicySchema = z.object({
  requestTimeoutMs: z.number().check(z.int(), z.minimum(100), z.maximum(30_000)),
  maxReceiveCount: z.number().check(z.int(), z.minimum(1), z.maximum(1000)),
  retryDelaysSeconds: z.array(z.number().check(z.minimum(0), z.maximum(43_200))).check(z.minLength(1), z.maxLength(20)),
});

/** The policy in `value` (the variable's text), or `declared` when the variable is not set; a malformed value stops the function at load. */
export function retryPolicyFrom(value: string | undefined, declared: RetryPolicy): RetryPolicy {
  if (value === undefined || value === '') return declared;
  const parsed = retryPolicySchema.safeParse(JSON.parse(value));
  if (!parsed.success) throw new Error(`${retryPolicyVariable} is not a retry policy: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
  return parsed.data;
}
