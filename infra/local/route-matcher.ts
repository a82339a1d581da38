/**
 * HTTP API route selection over the routes the cloud stack declares: every topology route, an
 * `ANY <path>` route per declared path (the methodNotAllowed fallback) and `ANY /{proxy+}` (the
 * notFound fallback). As in API Gateway, a route's method must equal the request's or be ANY, and
 * among those the most specific path wins (literal segment over `{param}` over `{proxy+}`, left to
 * right), then an exact method over ANY. No match at all is API Gateway's own 404.
 */
import type { HttpMethod, RouteAccess, RouteDeclaration } from '#lib/topology/topology.ts';
import { fallbackRoutes } from '#lib/topology/topology.ts';

export interface GatewayRoute {
  method: HttpMethod | 'ANY';
  path: string;
  handler: string;
  access: RouteAccess;
  kind: 'route' | 'methodNotAllowed' | 'notFound';
}

export interface FallbackHandlers {
  methodNotAllowed?: string;
  notFound?: string;
}

export interface RouteMatch {
  route: GatewayRoute;
  routeKey: string;
  pathParameters: Record<string, string> | undefined;
}

type Segment = { literal: string } | { parameter: string } | { greedy: string };

interface CompiledRoute extends GatewayRoute {
  segments: Segment[];
}

export function gatewayRoutes(declared: readonly RouteDeclaration[], fallbacks: FallbackHandlers): GatewayRoute[] {
  const table: GatewayRoute[] = declared.map((route) => ({ ...route, kind: 'route' }));
  for (const fallback of fallbackRoutes(declared)) {
    const handler = fallbacks[fallback.kind];
    if (handler) table.push({ ...fallback, handler, access: 'public' });
  }
  return table;
}

export function createRouteMatcher(routes: readonly GatewayRoute[]): (method: string, rawPath: string) => RouteMatch | undefined {
  const compiled: CompiledRoute[] = routes.map((route) => ({ ...route, segments: compileSegments(route.path) }));
  return (method, rawPath) => {
    const requestSegments = rawPath.split('/').slice(1);
    let best: { route: CompiledRoute; parameters: Record<string, string> } | undefined;
    for (const route of compiled) {
      if (route.method !== 'ANY' && route.method !== method) continue;
      const parameters = matchSegments(route.segments, requestSegments);
      if (!parameters) continue;
      if (!best || compareSpecificity(route, best.route) < 0) best = { route, parameters };
    }
    if (!best) return undefined;
    const { segments: _segments, ...route } = best.route;
    return {
      route,
      routeKey: `${route.method} ${route.path}`,
      pathParameters: Object.keys(best.parameters).length > 0 ? best.parameters : undefined,
    };
  };
}

function compileSegments(path: string): Segment[] {
  return path
    .split('/')
    .slice(1)
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      if (greedy?.[1]) return { greedy: greedy[1] };
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (parameter?.[1]) return { parameter: parameter[1] };
      return { literal: segment };
    });
}

function matchSegments(segments: Segment[], request: string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    if ('greedy' in segment) {
      const rest = request.slice(index);
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      parameters[segment.greedy] = decode(rest.join('/'));
      return parameters;
    }
    const value = request[index];
    if (value === undefined) return undefined;
    if ('literal' in segment) {
      if (segment.literal !== value) return undefined;
    } else {
      if (value === '') return undefined;
      parameters[segment.parameter] = decode(value);
    }
  }
  return segments.length === request.length ? parameters : undefined;
}

/** Negative when `a` is more specific than `b`. */
function compareSpecificity(a: CompiledRoute, b: CompiledRoute): number {
  const rank = (segment: Segment | undefined) => (segment === undefined ? 3 : 'literal' in segment ? 0 : 'parameter' in segment ? 1 : 2);
  const length = Math.max(a.segments.length, b.segments.length);
  for (let index = 0; index < length; index += 1) {
    const difference = rank(a.segments[index]) - rank(b.segments[index]);
    if (difference !== 0) return difference;
  }
  return (a.method === 'ANY' ? 1 : 0) - (b.method === 'ANY' ? 1 : 0);
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
