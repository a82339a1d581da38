/**
 * Middy middleware: gives every log line of a request a correlation id (the caller's
 * `X-Correlation-Id` when it is sane, else API Gateway's request id) and echoes it in the response,
 * so one need can be followed from the request through the stream consumers.
 */
import type { MiddlewareObj } from '@middy/core';
import { logger } from '../observability/logger.ts';
import type { HttpEvent, HttpResult } from './http-event.ts';

const saneCorrelationId = /^[\w.:-]{8,128}$/;

export function correlationIdOf(event: HttpEvent): string {
  const supplied = event.headers?.['x-correlation-id'];
  return supplied && saneCorrelationId.test(supplied) ? supplied : event.requestContext.requestId;
}

export function correlationId(): MiddlewareObj<HttpEvent, HttpResult> {
  const echo = (request: { event: HttpEvent; response: HttpResult | null | undefined }) => {
    if (request.response) {
      request.response.headers = { ...request.response.headers, 'x-correlation-id': correlationIdOf(request.event) };
    }
  };
  return {
    name: 'correlationId',
    before: (request) => {
      logger.setCorrelationId(correlationIdOf(request.event));
      logger.appendKeys({ routeKey: request.event.routeKey });
    },
    after: echo,
    onError: echo,
  };
}
