/**
 * The one declaration of the system's topology: every HTTP route and every stream consumer.
 * The CDK stack (infra/district-stack.ts) and the local runtime (infra/local/) are both built
 * from these lists, so a route that exists locally exists in the cloud and vice versa.
 * Pure data: no AWS import.
 */
import type { StreamFilterPattern } from './stream-filter.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route: anyone, or a holder of a JWT in one of these groups. */
export type RouteAccess = 'public' | 'operators' | 'partners' | 'operatorsOrPartners';

export interface RouteDeclaration {
  method: HttpMethod;
  /** API Gateway HTTP API path syntax, e.g. `/needs/{id}`. */
  path: string;
  /** Module under `functions/`, without extension; it must export `handler`. */
  handler: string;
  access: RouteAccess;
  description: string;
}

export interface StreamConsumerDeclaration {
  /** Short stable name: used for the Lambda's logical id and the local checkpoint files. */
  name: string;
  handler: string;
  /** Lambda event-filter patterns (any one matching admits the record). */
  filters: StreamFilterPattern[];
  batchSize: number;
  /** Retries of a failing batch before its records go to the on-failure destination. */
  retryAttempts: number;
  maxRecordAgeSeconds: number;
  description: string;
}

export interface ScheduleDeclaration {
  name: string;
  handler: string;
  everySeconds: number;
  description: string;
}

export const routes: readonly RouteDeclaration[] = [
  {
    method: 'GET',
    path: '/health',
    handler: 'health/get-health',
    access: 'public',
    description: 'Liveness probe.',
  },
  {
    method: 'GET',
    path: '/catalog',
    handler: 'catalog/get-catalog',
    access: 'public',
    description: "The district's service categories and its communities with their grids.",
  },
  {
    method: 'POST',
    path: '/needs',
    handler: 'needs/submit-need',
    access: 'public',
    description: 'A resident submits a need; answers the id and a tracking token.',
  },
  {
    method: 'GET',
    path: '/needs/{id}',
    handler: 'needs/get-need',
    access: 'public',
    description: 'Status and timeline of a need, for the holder of its tracking token.',
  },
];

/** Handlers the topology derives for every path: 405 for a known path with another method, 404 elsewhere. */
export const fallbackHandlers = {
  methodNotAllowed: 'http/method-not-allowed',
  notFound: 'http/not-found',
} as const;

export const needInserted: StreamFilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { type: { S: ['need'] } } },
};

export const streamConsumers: readonly StreamConsumerDeclaration[] = [
  {
    name: 'needReceived',
    handler: 'needs/on-need-submitted',
    filters: [needInserted],
    batchSize: 10,
    retryAttempts: 5,
    maxRecordAgeSeconds: 3600,
    description: 'Acknowledges a new need in its timeline (the matcher takes this seat).',
  },
];

export const schedules: readonly ScheduleDeclaration[] = [];

export function routeKey(route: Pick<RouteDeclaration, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** Paths that have at least one route, with the methods they allow. */
export function methodsByPath(declared: readonly RouteDeclaration[] = routes): Map<string, HttpMethod[]> {
  const byPath = new Map<string, HttpMethod[]>();
  for (const route of declared) {
    byPath.set(route.path, [...(byPath.get(route.path) ?? []), route.method]);
  }
  return byPath;
}

export function findRouteByKey(key: string, declared: readonly RouteDeclaration[] = routes): RouteDeclaration | undefined {
  return declared.find((route) => routeKey(route) === key);
}
