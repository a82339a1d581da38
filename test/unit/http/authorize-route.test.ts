import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadDistrictFile } from '../../../lib/district/district-files.ts';
import type { HttpEvent } from '../../../lib/http/http-event.ts';

/** The middleware's `before` for an event with this route key and no caller. */
async function authorizeAnonymous(routeKey: string): Promise<unknown> {
  const { authorizeRoute } = await import('../../../lib/http/authorize-route.ts');
  const event = { routeKey, requestContext: {} } as unknown as HttpEvent;
  // biome-ignore lint/suspicious/noExplicitAny: middy's request carries far more than the middleware reads.
  return authorizeRoute().before?.({ event } as any);
}

// Run from source the access comes from the topology; a bundle has its routes' access compiled in.
describe('route authorization', () => {
  // Reading the caller's claims needs the district's identity settings.
  beforeEach(() => vi.stubEnv('DISTRICT_CONFIG', JSON.stringify(loadDistrictFile('demo'))));
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('reads the topology when nothing is compiled in', async () => {
    await expect(authorizeAnonymous('GET /health')).resolves.toBeUndefined();
    await expect(authorizeAnonymous('GET /needs')).rejects.toThrow('a valid bearer token is required');
  });

  it("enforces the compiled access of the function's own routes and refuses routes it was not bundled for", async () => {
    vi.stubEnv('ROUTE_ACCESS', JSON.stringify({ 'GET /health': 'operators' }));
    vi.resetModules();

    await expect(authorizeAnonymous('GET /health')).rejects.toThrow('a valid bearer token is required');
    await expect(authorizeAnonymous('GET /needs')).rejects.toThrow('GET /needs is not a route of this function');
  });

  it('lets the fallback functions (no routes of their own) answer anyone', async () => {
    vi.stubEnv('ROUTE_ACCESS', '{}');
    vi.resetModules();

    await expect(authorizeAnonymous('ANY /{proxy+}')).resolves.toBeUndefined();
  });
});
