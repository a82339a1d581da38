/**
 * The standard middleware chain for every HTTP handler, in order: Lambda context in the logs,
 * correlation id, the edge-origin check of public routes (cloud only), route authorization, JSON
 * body (only for handlers that take one), and the problem+json error handler closing the chain.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { logger } from '../observability/logger.ts';
import { authorizeRoute } from './authorize-route.ts';
import { correlationId } from './correlation-id.ts';
import { requireEdgeOrigin } from './edge-origin.ts';
import type { HttpEvent, HttpResult } from './http-event.ts';
import { jsonBody } from './json-body.ts';
import { problemResponses } from './problem-responses.ts';

export type HttpHandlerFunction = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** `jsonBody`: true when the route needs a JSON object body, 'optional' when it may have none. */
export function httpHandler(handle: HttpHandlerFunction, options: { jsonBody?: boolean | 'optional' } = {}) {
  const chain = middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(correlationId())
    .use(problemResponses())
    .use(requireEdgeOrigin())
    .use(authorizeRoute());
  if (options.jsonBody) chain.use(jsonBody({ optional: options.jsonBody === 'optional' }));
  return chain.handler(handle);
}
