/**
 * Middy middleware that closes the chain: any error becomes an RFC 9457 problem+json response.
 * Expected (domain) errors are logged at info, unexpected ones at error with the stack.
 */
import type { MiddlewareObj } from '@middy/core';
import { DomainError, MethodNotAllowed, TooManyRequests } from '../common/domain-errors.ts';
import { logger } from '../observability/logger.ts';
import type { HttpEvent, HttpResult } from './http-event.ts';
import { problemFor, problemResponse } from './problem-details.ts';

export function problemResponses(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    name: 'problemResponses',
    onError: (request) => {
      const { error } = request;
      const problem = problemFor(error);
      if (error instanceof DomainError) {
        logger.info('request refused', { status: problem.status, problem: problem.title, detail: problem.detail });
      } else {
        logger.error('request failed', error as Error);
      }
      const headers: Record<string, string> = error instanceof MethodNotAllowed ? { allow: error.allowed.join(', ') } : {};
      if (error instanceof TooManyRequests && error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
      request.response = problemResponse(problem, headers);
    },
  };
}
