/**
 * Hostile input on every route the topology declares, as anyone, a partner and an operator:
 * generated path parameters, query strings, headers and bodies (wrong types, deep nesting, huge
 * strings, garbage bytes). The answer is always a 4xx (or a 2xx for input that happens to be
 * valid), never a 5xx. New routes are covered as soon as they are declared.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#lib/topology/topology.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';

let system: LocalSystem;
const callers: Record<'anyone' | 'partner' | 'operator', Record<string, string>> = { anyone: {}, partner: {}, operator: {} };

beforeAll(async () => {
  system = await startLocalSystem();
  callers.partner = { authorization: `Bearer ${await system.issueToken('partner', 'demo-hehua-volunteers')}` };
  callers.operator = { authorization: `Bearer ${await system.issueToken('operator', 'op-fuzz')}` };
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

/** Path parameters as they travel, percent-encoded. */
const pathValue = fc.oneof(
  fc.uuid(),
  fc.constant('00000000-0000-4000-8000-000000000000.1'),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom('%00', '..%2F..%2Fetc', '%E4%BD%A0', 'a'.repeat(2000), '%20', '%25%25', 'null', '-1', 'me'),
);

const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const rawBody = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.anything({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null'),
  fc.constantFrom('', '{', '[]', 'null', '"text"', deep(40), deep(3000), '{"__proto__":{"x":1}}', `{"csv":"${'a,'.repeat(500)}"}`),
  fc.string({ maxLength: 200 }),
);

/** Cursors shaped like the API's own (start key and the filters it was made for), with tampered keys. */
const tamperedCursor = fc
  .record({
    s: fc.dictionary(fc.constantFrom('pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'x'), fc.string({ maxLength: 20 }), { maxKeys: 5 }),
    f: fc.constantFrom('||', '||', '|||'),
  })
  .map((cursor) => Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url'));

const anyQuery = fc.record(
  {
    cursor: fc.oneof(tamperedCursor, fc.string({ maxLength: 30 })),
    limit: fc.constantFrom('-1', '1e309', '0', '1', '100', 'x'),
    status: fc.string({ maxLength: 12 }),
    from: fc.constantFrom('2026-13-45', '9999-12-31', '2026-11-01', 'x'),
    to: fc.constantFrom('2026-13-45', '0001-01-01', '2026-11-30'),
    format: fc.constantFrom('csv', 'xml', 'json', '%'),
    x: fc.string({ maxLength: 30 }),
  },
  { requiredKeys: [] },
);
const query = fc.oneof(anyQuery, tamperedCursor.map((cursor) => ({ cursor })));

const contentType = fc.constantFrom('application/json', 'text/csv', 'text/plain', 'application/x-www-form-urlencoded', 'image/png', '');

const runsPerRoute = Number(process.env.FUZZ_RUNS ?? 25);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

describe('every declared route under hostile input', () => {
  it(`never answers 5xx (seed ${seed}, ${runsPerRoute} runs per route and caller)`, async () => {
    const failures: string[] = [];
    for (const route of routes) {
      for (const [callerName, headers] of Object.entries(callers)) {
        await fc.assert(
          fc.asyncProperty(pathValue, query, rawBody, contentType, async (param, search, body, type) => {
            const path = route.path.replace(/\{[^}]+\}/g, param);
            const url = `${system.baseUrl}${path}?${new URLSearchParams(search).toString()}`;
            const hasBody = route.method !== 'GET';
            let response: Response;
            try {
              response = await fetch(url, {
                method: route.method,
                headers: { ...headers, ...(hasBody && type ? { 'content-type': type } : {}), 'idempotency-key': `fuzz-${param}`.slice(0, 200) },
                ...(hasBody ? { body } : {}),
              });
              await response.arrayBuffer();
            } catch (error) {
              failures.push(`${route.method} ${path} as ${callerName} → no answer (${String(error)})`);
              return false;
            }
            if (response.status >= 500) failures.push(`${route.method} ${path} as ${callerName} → ${response.status} (body ${body.slice(0, 80)})`);
            return response.status < 500;
          }),
          { numRuns: runsPerRoute, seed, endOnFailure: true },
        ).catch(() => undefined);
      }
    }
    await system.poller.drain();
    expect(failures).toEqual([]);
  }, 600_000);
});
