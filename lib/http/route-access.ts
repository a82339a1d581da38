/**
 * The access the topology declares for a route key. A Lambda bundle has its routes' access compiled
 * in (`process.env.ROUTE_ACCESS`, replaced by the bundler: infra/bundling/bundle-options.ts), and
 * then leaves the topology out; run from source (the local runtime, tests) it reads the topology.
 */
import { Forbidden } from '../common/domain-errors.ts';
import { findRouteByKey, type RouteAccess } from '../topology/topology.ts';

const compiledAccess: Record<string, RouteAccess> | undefined = process.env.ROUTE_ACCESS ? JSON.parse(process.env.ROUTE_ACCESS) : undefined;

/** The declared access; undefined for the fallback routes (ANY …), which are not declared. */
export function declaredAccess(routeKey: string): RouteAccess | undefined {
  if (!process.env.ROUTE_ACCESS) return findRouteByKey(routeKey)?.access;
  const access = compiledAccess?.[routeKey];
  // A route function called for a route it was not bundled for is misconfigured: closed, not open.
  if (!access && Object.keys(compiledAccess ?? {}).length > 0) throw new Forbidden(`${routeKey} is not a route of this function`);
  return access;
}

