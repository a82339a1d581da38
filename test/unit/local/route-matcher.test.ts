import { describe, expect, it } from 'vitest';
import { createRouteMatcher, gatewayRoutes } from '#infra/local/route-matcher.ts';
import { routes as declaredRoutes, type RouteDeclaration } from '#lib/topology/topology.ts';

const route = (method: RouteDeclaration['method'], path: string): RouteDeclaration => ({
  method,
  path,
  handler: `${method} ${path}`,
  access: 'public',
  description: '',
});

describe('route matching like HTTP API', () => {
  const match = createRouteMatcher(
    gatewayRoutes([route('GET', '/pets/dog/1'), route('GET', '/pets/dog/{id}'), route('GET', '/pets/{proxy+}'), route('POST', '/pets')], {
      methodNotAllowed: 'methodNotAllowed',
      notFound: 'notFound',
    }),
  );

  it('prefers literal segments, then parameters, then greedy ones', () => {
    expect(match('GET', '/pets/dog/1')?.routeKey).toBe('GET /pets/dog/1');
    expect(match('GET', '/pets/dog/2')).toMatchObject({ routeKey: 'GET /pets/dog/{id}', pathParameters: { id: '2' } });
    expect(match('GET', '/pets/cat/1')).toMatchObject({ routeKey: 'GET /pets/{proxy+}', pathParameters: { proxy: 'cat/1' } });
  });

  it('sends a declared path with another method to ANY <path>', () => {
    expect(match('POST', '/pets/dog/1')).toMatchObject({ routeKey: 'ANY /pets/dog/1', route: { kind: 'methodNotAllowed' } });
    expect(match('DELETE', '/pets')).toMatchObject({ routeKey: 'ANY /pets', route: { kind: 'methodNotAllowed' } });
  });

  it('sends everything else to ANY /{proxy+}, except the bare root', () => {
    expect(match('GET', '/cats')).toMatchObject({ routeKey: 'ANY /{proxy+}', pathParameters: { proxy: 'cats' } });
    expect(match('GET', '/')).toBeUndefined();
  });

  it('decodes path parameters', () => {
    expect(match('GET', '/pets/dog/%E7%8B%97')?.pathParameters).toEqual({ id: '狗' });
  });

  it('gives every declared route of the topology its own route key', () => {
    const topology = createRouteMatcher(gatewayRoutes(declaredRoutes, { methodNotAllowed: 'x', notFound: 'y' }));
    for (const declared of declaredRoutes) {
      const path = declared.path.replace(/\{(\w+)\+?\}/g, 'sample');
      expect(topology(declared.method, path)?.routeKey).toBe(`${declared.method} ${declared.path}`);
    }
  });
});
