/**
 * Middy middleware: enforces the access the topology declares for the route being called
 * (looked up by the event's routeKey), so who-may-call-what is declared once, in lib/topology.
 * The JWT itself was verified before the handler ran (API Gateway's authorizer or the local gateway).
 * The access comes from ./route-access.ts (compiled into Lambda bundles).
 */
import type { MiddlewareObj } from '@middy/core';
import { Forbidden, Unauthenticated } from '../common/domain-errors.ts';
import type { RouteAccess } from '../topology/topology.ts';
import { type Caller, callerOf } from './caller.ts';
import type { HttpEvent, HttpResult } from './http-event.ts';
import { declaredAccess } from './route-access.ts';

export function isAllowed(access: RouteAccess, caller: Caller | undefined): boolean {
  switch (access) {
    case 'public':
      return true;
    case 'operators':
      return caller?.groups.includes('operators') ?? false;
    case 'partners':
      return caller?.groups.includes('partners') ?? false;
    case 'operatorsOrPartners':
      return (caller?.groups.length ?? 0) > 0;
  }
}

export function authorizeRoute(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    name: 'authorizeRoute',
    before: ({ event }) => {
      const access = declaredAccess(event.routeKey);
      // Fallback routes (ANY …) are not declared and need no caller.
      if (!access || access === 'public') return;
      const caller = callerOf(event);
      if (!caller) throw new Unauthenticated('a valid bearer token is required');
      if (!isAllowed(access, caller)) {
        if (caller.operatorWithoutMfa && access !== 'partners') {
          throw new Forbidden('operators must sign in with a second factor (MFA): this token does not show one');
        }
        throw new Forbidden(`this route is for ${access}`);
      }
    },
  };
}
