/**
 * One HTTP POST of a notification: a timeout per attempt, public addresses only (outbound-guard.ts),
 * no redirects followed (Standard Webhooks counts a 3xx as a failure: the URL should be updated
 * instead), at most 2 KB of the answer read, and the answer classified as delivered, worth
 * retrying, or not.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { isRetryableStatus } from '../notifications/retry-schedule.ts';
import type { AttemptResult } from './attempt-result.ts';
import { forbiddenAddress } from '../common/public-address.ts';
import { guardedLookup, loopbackAllowed } from './outbound-guard.ts';

export interface HttpAnswer {
  status: number;
  body: string;
}

/** The most of an answer's body that is read: enough for a robot's error code, nothing an internal service could leak through the log. */
const maxAnswerBytes = 2048;

/** The URL points at an address notifications may not reach; retrying cannot help. */
export class OutboundRefused extends Error {
  override name = 'OutboundRefused';
}

export function postOnce(target: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpAnswer> {
  const url = new URL(target);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // Node skips the lookup for an IP literal, so guardedLookup would never see it.
  const literalRefusal = isIP(host) !== 0 ? forbiddenAddress(host, loopbackAllowed()) : undefined;
  if (literalRefusal) return Promise.reject(new OutboundRefused(`refused to connect to ${host}: ${literalRefusal}`));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        lookup: guardedLookup,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          if (received < maxAnswerBytes) chunks.push(chunk.subarray(0, maxAnswerBytes - received));
          received += chunk.length;
          if (received >= maxAnswerBytes) response.destroy();
        });
        const finish = () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', reject);
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EFORBIDDENADDRESS' ? new OutboundRefused(error.message) : error),
    );
    request.end(body);
  });
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
    if (error instanceof OutboundRefused) return { ok: false, error: error.message, retryable: false };
    return { ok: false, error: networkErrorMessage(error, request.timeoutMs), retryable: true };
  }
  if (answer.status < 200 || answer.status > 299) {
    // The status line only: the body of an error page is the receiver's, not ours to keep.
    return { ok: false, statusCode: answer.status, retryable: isRetryableStatus(answer.status), error: `HTTP ${answer.status}` };
  }
  const refused = refusal(answer);
  // A robot's refusal (bad key, keyword missing, rate limit) is answered at once; retrying the same
  // message a second later rarely helps, but a rate limit might: leave it retryable.
  return refused ? { ok: false, statusCode: answer.status, retryable: true, error: refused } : { ok: true, statusCode: answer.status };
}

function networkErrorMessage(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
