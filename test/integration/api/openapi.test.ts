import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeContracts } from '#lib/api/route-contracts.ts';
import { routeKey, routes } from '#lib/topology/topology.ts';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';

let system: LocalSystem;
let document: {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
};

interface Operation {
  security: Array<Record<string, string[]>>;
  requestBody?: { content: Record<string, { schema: { required?: string[]; properties?: Record<string, unknown>; additionalProperties?: unknown } }> };
  parameters: Array<{ name: string; in: string; required: boolean }>;
}

const tokens: Record<string, string> = {};

beforeAll(async () => {
  system = await startLocalSystem();
  tokens.operators = await system.issueToken('operator', 'op-1');
  tokens.partners = await system.issueToken('partner', 'demo-li-jianguo');
  tokens.operatorsOrPartners = tokens.operators;
  const reply = await request<typeof document>(system.baseUrl, 'GET', '/openapi.json');
  expect(reply.status).toBe(200);
  document = reply.body;
}, 60_000);

afterAll(async () => {
  await system?.stop();
});

const operationOf = (route: (typeof routes)[number]) => document.paths[route.path]?.[route.method.toLowerCase()];

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every route of the topology, with its access', () => {
    const missing = routes.filter((route) => !operationOf(route) || !routeContracts[routeKey(route)]).map(routeKey);
    expect(missing).toEqual([]);
    for (const route of routes) {
      const security = operationOf(route)?.security ?? [];
      if (route.access === 'public') expect(security.every((entry) => !('cognitoJwt' in entry)), routeKey(route)).toBe(true);
      else expect(security, routeKey(route)).toEqual([{ cognitoJwt: route.access === 'operatorsOrPartners' ? ['operators', 'partners'] : [route.access] }]);
    }
  });

  it("agrees with each handler on a JSON body's required and unknown fields", async () => {
    let compared = 0;
    for (const route of routes) {
      const body = operationOf(route)?.requestBody?.content['application/json']?.schema;
      if (!body || route.method === 'PATCH') continue;
      const path = route.path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
      const headers: Record<string, string> = { 'x-tracking-token': 'not-the-token' };
      if (route.access !== 'public') headers.authorization = `Bearer ${tokens[route.access]}`;
      const reply = await request<{ errors?: Array<{ field: string; code: string }> }>(system.baseUrl, route.method, path, {
        headers,
        body: { notAField: true },
      });
      // Routes that look the resource up before the body answer 404 for a made-up id: nothing to compare.
      if (reply.status !== 400) continue;
      compared += 1;
      const fields = (code: string) => (reply.body.errors ?? []).filter((error) => error.code === code).map((error) => error.field).sort();
      const named = new Set((reply.body.errors ?? []).map((error) => error.field));
      const required = body.required ?? [];
      // Every field the document requires is named by the handler, and the handler calls nothing else required.
      expect(required.filter((field) => !named.has(field)), routeKey(route)).toEqual([]);
      expect(fields('required').filter((field) => !required.includes(field)), routeKey(route)).toEqual([]);
      if (body.additionalProperties === false) expect(fields('unknown_field'), routeKey(route)).toEqual(['notAField']);
    }
    expect(compared).toBeGreaterThanOrEqual(6);
  });

  it('answers as the response schemas it documents say', async () => {
    const checked: string[] = [];
    for (const route of routes) {
      const contract = routeContracts[routeKey(route)];
      if (!contract?.response || route.method !== 'GET' || route.path.includes('{')) continue;
      const headers: Record<string, string> = route.access === 'public' ? {} : { authorization: `Bearer ${tokens[route.access]}` };
      const reply = await request(system.baseUrl, 'GET', route.path, { headers });
      expect(reply.status, routeKey(route)).toBe(200);
      const parsed = contract.response.safeParse(reply.body);
      expect(parsed.success ? [] : parsed.error.issues, routeKey(route)).toEqual([]);
      checked.push(routeKey(route));
    }
    const submitted = await request(system.baseUrl, 'POST', '/needs', {
      body: { category: 'repairs', description: '门锁坏了', communityId: 'hehua', contact: { name: '吴', phone: '13800138002' } },
    });
    expect(routeContracts['POST /needs']?.response?.safeParse(submitted.body).success).toBe(true);
    for (const list of ['demand', 'supply', 'gap']) {
      const reply = await request(system.baseUrl, 'GET', `/reports/${list}`, { headers: { authorization: `Bearer ${tokens.operators}` } });
      const parsed = routeContracts['GET /reports/{list}']?.response?.safeParse(reply.body);
      expect(parsed?.success ? [] : parsed?.error.issues, list).toEqual([]);
    }
    expect(checked).toEqual(expect.arrayContaining(['GET /catalog', 'GET /district/settings']));
  });
});
