/**
 * Middy middleware: in the cloud, a public route answers only requests that came through the
 * district's CloudFront distribution (and so through its web ACL). The distribution adds a secret
 * header to every request it passes to the API; a request to the execute-api address without it
 * is refused with 403. The secret is generated per district in Secrets Manager (infra/edge-guard.ts)
 * and reaches the public routes' functions as ORIGIN_VERIFY_SECRET. Where it is not set (the local
 * runtime, a district whose pages are not served through CloudFront) nothing is required.
 * Staff routes are not checked: their callers use the API's own address with a bearer token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import { Forbidden } from '../common/domain-errors.ts';
import type { HttpEvent, HttpResult } from './http-event.ts';
import { declaredAccess } from './route-access.ts';

/** The header CloudFront adds to requests for the API (lower case, as HTTP API delivers headers). */
export const originVerifyHeader = 'x-origin-verify';

/** True when `presented` is the expected secret; compared in constant time over their digests. */
export function isEdgeSecret(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

export function requireEdgeOrigin(secretOf: () => string | undefined = () => process.env.ORIGIN_VERIFY_SECRET): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    name: 'requireEdgeOrigin',
    before: ({ event }) => {
      const secret = secretOf();
      if (!secret) return;
      if (declaredAccess(event.routeKey) !== 'public') return;
      if (!isEdgeSecret(event.headers?.[originVerifyHeader], secret)) {
        throw new Forbidden("this route answers only through the district's web address (CloudFront), not the API's own address");
      }
    },
  };
}
