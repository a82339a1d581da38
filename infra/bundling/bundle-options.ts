/**
 * How every Lambda bundle is built, in one place: the house function (infra/house-function.ts)
 * hands these to NodejsFunction's esbuild, and the bundle benchmark (test/bench/bundles.bench.ts)
 * to esbuild's API, so the sizes it prints are those deployed.
 */
import { fileURLToPath } from 'node:url';
import type { DistrictConfig } from '../../lib/district/district-config.ts';
import { type RouteAccess, routeKey, routes } from '../../lib/topology/topology.ts';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Lets CommonJS dependencies call `require` inside the ESM bundle (esbuild's ESM output has no
 * `require`; some packages still use it for Node built-ins).
 */
export const createRequireBanner =
  "import { createRequire as __houseCreateRequire } from 'node:module'; const require = __houseCreateRequire(import.meta.url);";

export const bundleTarget = 'node22';
export const bundleMainFields = ['module', 'main'];

/**
 * Strings as UTF-8, not \uXXXX escapes: the Chinese of the district config and of the messages takes
 * half the bytes (Node reads an ES module's source as UTF-8).
 */
export const bundleCharset = 'utf8';

/**
 * Left out of every bundle, each about 20 KB: the SDK imports its event-stream support lazily
 * (`await import('@smithy/core/event-streams')`, so that bundlers can leave it out), and only for an
 * operation that streams events; none of the clients the project uses has one
 * (test/infra/bundle-externals.test.ts). The import stays in the bundle and fails if it is ever reached.
 */
export const bundleExternals = ['@smithy/core/event-streams'];

/** Lambda's credentials are always in the environment: the SDK's full default chain is dead weight. */
export const bundleAliases: Record<string, string> = {
  '@aws-sdk/credential-provider-node': `${projectRoot}infra/bundling/lambda-credentials.ts`,
};

/** Who may call each route the handler serves, by route key (none for consumers and fallbacks). */
export function routeAccessOf(handler: string): Record<string, RouteAccess> {
  return Object.fromEntries(routes.filter((route) => route.handler === handler).map((route) => [routeKey(route), route.access]));
}

/**
 * Compiled into the bundle: the district config (Lambda's environment is limited to 4 KB, a config
 * can be larger) and the access of the handler's routes (so that the route authorization need not
 * bundle the whole topology, lib/http/authorize-route.ts). The values are JavaScript source, hence
 * JSON string literals of the JSON texts.
 */
export function bundleDefines(district: DistrictConfig, handler: string): Record<string, string> {
  return {
    'process.env.DISTRICT_CONFIG': JSON.stringify(JSON.stringify(district)),
    'process.env.ROUTE_ACCESS': JSON.stringify(JSON.stringify(routeAccessOf(handler))),
  };
}
