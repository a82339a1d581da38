/**
 * One HTTP POST of a notification: a timeout per attempt, no redirects followed (Standard Webhooks
 * counts a 3xx as a failure: the URL should be updated instead), and the answer classified as
 * delivered, worth retrying, or not.
 */
import { isRetryableStatus } from '../notifications/retry-schedule.ts';
import type { AttemptResult } from './attempt-result.ts';

export interface HttpAnswer {
  status: number;
  body: string;
}

const bodyExcerpt = 200;

export async function postOnce(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, body: await response.text() };
}

/**
 * Posts and classifies: 2xx is delivered unless `refusal` finds a refusal in the body (the robots
 * answer 200 with an error code); a thrown error (refused connection, DNS, timeout) is retryable.
 */
export async function postAttempt(
  request: { url: string; body: string; headers?: Record<string, string>; timeoutMs: number },
  refusal: (answer: HttpAnswer) => string | undefined = () => undefined,
): Promise<AttemptResult> {
  let answer: HttpAnswer;
  try {
    answer = await postOnce(request.url, request.body, request.headers ?? {}, request.timeoutMs);
  } catch (error) {
    return { ok: false, error: networkErrorMessage(error, request.timeoutMs), retryable: true };
  }
  if (answer.status < 200 || answer.status > 299) {
    const excerpt = answer.body.replace(/\s+/g, ' ').trim().slice(0, bodyExcerpt);
    return {
      ok: false,
      statusCode: answer.status,
      retryable: isRetryableStatus(answer.status),
      error: `HTTP ${answer.status}${excerpt ? `: ${excerpt}` : ''}`,
    };
  }
  const refused = refusal(answer);
  // A robot's refusal (bad key, keyword missing, rate limit) is answered at once; retrying the same
  // message a second later rarely helps, but a rate limit might: leave it retryable.
  return refused ? { ok: false, statusCode: answer.status, retryable: true, error: refused } : { ok: true, statusCode: answer.status };
}

function networkErrorMessage(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  if (error instanceof Error) {
    // fetch wraps the socket error: the cause says what happened (ECONNREFUSED, ENOTFOUND…).
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
