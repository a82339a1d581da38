/**
 * The handlers as they run in the cloud: the esbuild bundles that `cdk synth` writes into the
 * cloud assembly, invoked with API Gateway HTTP API (payload 2.0) events carrying the claims a
 * Cognito user pool puts in its tokens (a UUID `sub`, a UUID `username`, `cognito:groups`
 * flattened to `[partners]`, `client_id`, `token_use`; the ID token's `cognito:username` and
 * `aud`), against DynamoDB Local. The identity links are written as POST /partners/{id}/login
 * writes them for the pool's issuer. A token acts for the partner its subject is linked to, never
 * for a username, and an unknown subject gets 403.
 *
 * The cloud's two guards too, with the environment the stack gives the functions: a public route
 * without CloudFront's origin secret answers 403 (ORIGIN_VERIFY_SECRET), and only the operators'
 * pool (MFA required) makes an operator (OPERATOR_ISSUER); the local runtime sets neither.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdkJsonContext, createDistrictApp } from '#infra/district-app.ts';
import type { HouseFunction } from '#infra/house-function.ts';
import { createLambdaContext } from '#infra/local/lambda-context.ts';
import { loadDistrictFile } from '#lib/district/district-files.ts';
import { type RouteDeclaration, routes } from '#lib/topology/topology.ts';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';
import { hehuaEscort } from '../../support/escort-need.ts';

const bundled = [
  'partners/get-my-profile',
  'offers/list-my-offers',
  'offers/accept-offer',
  'orders/get-order',
  'orders/list-my-orders',
  'catalog/get-catalog',
  'operators/list-escalations',
] as const;
type Bundled = (typeof bundled)[number];
type LambdaResult = { statusCode: number; body: string; headers?: Record<string, string> };

const poolIssuer = 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_Pa7tNeRs1';
const operatorPoolIssuer = 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_0pErAt0R5';
const operatorClientId = '6q1vb0c2k5m7n9p3r5t7v9x1z3';
const clientId = '3n4b5urk1ft4fl3mg5e62d9ado';
const partnerA = 'demo-hehua-volunteers';
const partnerB = 'demo-dongcheng-clinic';
const subjectA = randomUUID();
const subjectB = randomUUID();

let system: LocalSystem;
let workDirectory: string;
const handlers = new Map<Bundled, (event: unknown, context: unknown) => Promise<LambdaResult>>();

beforeAll(async () => {
  system = await startLocalSystem();
  workDirectory = await mkdtemp(join(tmpdir(), 'cognito-bundles-'));
  const routesOfBundles: RouteDeclaration[] = routes.filter((route) => (bundled as readonly string[]).includes(route.handler));
  const { app, stacks } = createDistrictApp({
    context: cdkJsonContext(),
    outdir: join(workDirectory, 'cdk.out'),
    districts: [loadDistrictFile('demo')],
    stackProps: { routes: routesOfBundles, streamConsumers: [], schedules: [] },
  });
  const assembly = app.synth();
  const [stack] = stacks;
  if (!stack) throw new Error('no stack');
  for (const handler of bundled) {
    const fn: HouseFunction | undefined = stack.routeFunctions.get(handler);
    if (!fn) throw new Error(`no function for ${handler}`);
    // Route functions may sit in a nested stack: read the function in its own stack's template.
    const ownStack = Stack.of(fn);
    const template = Template.fromStack(ownStack).toJSON() as { Resources: Record<string, { Properties?: { Code?: { S3Key?: unknown } } }> };
    // The function's code is the asset whose zip the template names: `asset.<hash>/` in the assembly.
    const key = template.Resources[ownStack.getLogicalId(fn.node.defaultChild as CfnResource)]?.Properties?.Code?.S3Key;
    if (typeof key !== 'string') throw new Error(`no bundle for ${handler}`);
    const bundle = join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs');
    const module = (await import(pathToFileURL(bundle).href)) as { handler: (event: unknown, context: unknown) => Promise<LambdaResult> };
    handlers.set(handler, module.handler);
  }
  // As POST /partners/{id}/login records them for the pool's users.
  const { linkIdentity } = await import('#lib/data/identity-repository.ts');
  await linkIdentity({ issuer: poolIssuer, subject: subjectA, partnerId: partnerA, phone: '13800000005', linkedAt: new Date().toISOString(), linkedBy: 'op-1' });
  await linkIdentity({ issuer: poolIssuer, subject: subjectB, partnerId: partnerB, phone: '13800000002', linkedAt: new Date().toISOString(), linkedBy: 'op-1' });
}, 240_000);

afterAll(async () => {
  await system?.stop();
  if (workDirectory) await rm(workDirectory, { recursive: true, force: true });
});

/** An access token's claims as the HTTP API JWT authorizer hands them on: every value a string. */
function accessClaims(subject: string, overrides: Record<string, string> = {}): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: subject,
    'cognito:groups': '[partners]',
    iss: poolIssuer,
    version: '2',
    client_id: clientId,
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: String(now),
    exp: String(now + 3600),
    iat: String(now),
    jti: randomUUID(),
    // A pool that signs in by phone generates each user's username: a UUID, not one of our ids.
    username: subject,
    ...overrides,
  };
}

function idClaims(subject: string, phone: string): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: subject,
    'cognito:groups': '[partners]',
    iss: poolIssuer,
    'cognito:username': subject,
    origin_jti: randomUUID(),
    aud: clientId,
    event_id: randomUUID(),
    token_use: 'id',
    auth_time: String(now),
    phone_number: `+86${phone}`,
    phone_number_verified: 'true',
    exp: String(now + 3600),
    iat: String(now),
    jti: randomUUID(),
  };
}

async function invoke(
  handler: Bundled,
  method: string,
  path: string,
  claims: Record<string, string> | undefined,
  pathParameters?: Record<string, string>,
  extraHeaders: Record<string, string> = {},
) {
  const route = routes.find((entry) => entry.handler === handler && entry.method === method);
  if (!route) throw new Error(`no route for ${handler}`);
  const routeKey = `${route.method} ${route.path}`;
  const event = {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { accept: 'application/json', host: 'abc123.execute-api.ap-east-1.amazonaws.com', ...(claims ? { authorization: 'Bearer eyJ…' } : {}), ...extraHeaders },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      ...(claims ? { authorizer: { jwt: { claims, scopes: claims.scope ? claims.scope.split(' ') : null } } } : {}),
      domainName: 'abc123.execute-api.ap-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'Mozilla/5.0' },
      requestId: `req-${randomUUID()}`,
      routeKey,
      stage: '$default',
      time: '29/Nov/2026:20:00:00 +0000',
      timeEpoch: Date.now(),
    },
    ...(pathParameters ? { pathParameters } : {}),
    isBase64Encoded: false,
  };
  const fn = handlers.get(handler);
  if (!fn) throw new Error(`${handler} was not loaded`);
  const result = await fn(event, createLambdaContext({ functionName: handler.replace('/', '-'), timeoutMs: 10_000 }));
  return { status: result.statusCode, body: JSON.parse(result.body) as Record<string, unknown> };
}

describe('the bundled handlers with Cognito-shaped tokens', () => {
  it("act for the partner the subject is linked to, from an access token or an ID token", async () => {
    const fromAccess = await invoke('partners/get-my-profile', 'GET', '/partners/me', accessClaims(subjectA));
    expect({ status: fromAccess.status, id: fromAccess.body.id }).toEqual({ status: 200, id: partnerA });
    const fromId = await invoke('partners/get-my-profile', 'GET', '/partners/me', idClaims(subjectA, '13800000005'));
    expect({ status: fromId.status, id: fromId.body.id }).toEqual({ status: 200, id: partnerA });
    const other = await invoke('partners/get-my-profile', 'GET', '/partners/me', accessClaims(subjectB, { username: randomUUID() }));
    expect({ status: other.status, id: other.body.id }).toEqual({ status: 200, id: partnerB });
  });

  it('never take a username for a partner id', async () => {
    const posing = await invoke('partners/get-my-profile', 'GET', '/partners/me', accessClaims(subjectA, { username: partnerB }));
    expect(posing.body.id).toBe(partnerA);
    const idPosing = await invoke('partners/get-my-profile', 'GET', '/partners/me', { ...idClaims(subjectA, '13800000005'), 'cognito:username': partnerB });
    expect(idPosing.body.id).toBe(partnerA);
  });

  it('answer 403 to a subject nobody linked, with a username or sub that names a partner or not', async () => {
    for (const claims of [accessClaims(randomUUID()), accessClaims(randomUUID(), { username: partnerA }), accessClaims(partnerA), idClaims(randomUUID(), '13800000005')]) {
      for (const [handler, path] of [
        ['partners/get-my-profile', '/partners/me'],
        ['offers/list-my-offers', '/partners/me/offers'],
        ['orders/list-my-orders', '/partners/me/orders'],
      ] as const) {
        const reply = await invoke(handler, 'GET', path, claims);
        expect({ handler, status: reply.status }).toEqual({ handler, status: 403 });
      }
    }
    // The same subject from another issuer is another identity.
    const otherIssuer = await invoke('partners/get-my-profile', 'GET', '/partners/me', accessClaims(subjectA, { iss: 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_Other' }));
    expect(otherIssuer.status).toBe(403);
  });

  it("never let partner A's token reach partner B's offer or order, nor B's reach A's", async () => {
    const created = await request<{ id: string }>(system.baseUrl, 'POST', '/needs', {
      body: hehuaEscort(),
    });
    expect(created.status).toBe(201);
    await system.poller.drain();
    const needId = created.body.id;
    const offerId = `${needId}.1`;

    const offersOf = async (subject: string) =>
      ((await invoke('offers/list-my-offers', 'GET', '/partners/me/offers', accessClaims(subject))).body.offers as Array<{ id: string }>).map((offer) => offer.id);
    expect(await offersOf(subjectA)).toContain(offerId);
    expect(await offersOf(subjectB)).not.toContain(offerId);

    const byB = await invoke('offers/accept-offer', 'POST', `/offers/${offerId}/accept`, accessClaims(subjectB), { id: offerId });
    expect(byB.status).toBe(403);
    const byA = await invoke('offers/accept-offer', 'POST', `/offers/${offerId}/accept`, accessClaims(subjectA), { id: offerId });
    expect({ status: byA.status, contact: byA.body.contact }).toEqual({ status: 200, contact: { name: '王阿姨', phone: '13800138000' } });

    expect((await invoke('orders/get-order', 'GET', `/orders/${needId}`, accessClaims(subjectB), { id: needId })).status).toBe(403);
    expect((await invoke('orders/get-order', 'GET', `/orders/${needId}`, accessClaims(subjectA), { id: needId })).status).toBe(200);
    const ordersOf = async (subject: string) =>
      ((await invoke('orders/list-my-orders', 'GET', '/partners/me/orders', accessClaims(subject))).body.orders as Array<{ id: string }>).map((order) => order.id);
    expect(await ordersOf(subjectA)).toContain(needId);
    expect(await ordersOf(subjectB)).not.toContain(needId);
  });
});

/** Runs `body` with these variables set as the stack sets them on the functions, then puts them back. */
async function withEnvironment(variables: Record<string, string>, body: () => Promise<void>): Promise<void> {
  const before = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    await body();
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe("the cloud's guards in the bundled handlers", () => {
  const originSecret = 'Zq3vN8wK2pL6sT9xB4mR7cF1hJ5dG0yU8eA2kW6nQ4tV9rX3';

  it('answer 403 on a public route called without the origin secret CloudFront adds, and serve it with the secret', async () => {
    await withEnvironment({ ORIGIN_VERIFY_SECRET: originSecret }, async () => {
      const direct = await invoke('catalog/get-catalog', 'GET', '/catalog', undefined);
      expect({ status: direct.status, detail: direct.body.detail }).toEqual({ status: 403, detail: expect.stringMatching(/CloudFront/) });
      const forged = await invoke('catalog/get-catalog', 'GET', '/catalog', undefined, undefined, { 'x-origin-verify': `${originSecret}0` });
      expect(forged.status).toBe(403);
      const throughCloudFront = await invoke('catalog/get-catalog', 'GET', '/catalog', undefined, undefined, { 'x-origin-verify': originSecret });
      expect(throughCloudFront.status).toBe(200);
      expect(throughCloudFront.body.categories).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'hospitalEscort' })]));
      // Staff routes are not behind CloudFront: their bearer token is what they need.
      const partner = await invoke('partners/get-my-profile', 'GET', '/partners/me', accessClaims(subjectA));
      expect(partner.status).toBe(200);
    });
  });

  it('ask nothing of the kind locally, where no secret is set', async () => {
    expect(process.env.ORIGIN_VERIFY_SECRET).toBeUndefined();
    expect((await invoke('catalog/get-catalog', 'GET', '/catalog', undefined)).status).toBe(200);
    expect((await request(system.baseUrl, 'GET', '/catalog')).status).toBe(200);
    const created = await request<{ id: string }>(system.baseUrl, 'POST', '/needs', { body: hehuaEscort() });
    expect(created.status).toBe(201);
  });

  it("take an operator from the operators' pool (MFA required), with its real claims", async () => {
    await withEnvironment({ OPERATOR_ISSUER: operatorPoolIssuer }, async () => {
      const operator = randomUUID();
      const claims = accessClaims(operator, { iss: operatorPoolIssuer, 'cognito:groups': '[operators]', client_id: operatorClientId, username: operator });
      const reply = await invoke('operators/list-escalations', 'GET', '/escalations', claims);
      expect({ status: reply.status, isList: Array.isArray(reply.body.needs) }).toEqual({ status: 200, isList: true });
    });
  });

  it("refuse an operators group from the partners' pool, where MFA is optional, with 403 saying why", async () => {
    await withEnvironment({ OPERATOR_ISSUER: operatorPoolIssuer }, async () => {
      for (const claims of [accessClaims(randomUUID(), { 'cognito:groups': '[operators]' }), accessClaims(subjectA, { 'cognito:groups': '[operators partners]' })]) {
        const reply = await invoke('operators/list-escalations', 'GET', '/escalations', claims);
        expect({ status: reply.status, detail: reply.body.detail }).toEqual({ status: 403, detail: expect.stringMatching(/MFA/) });
      }
      // The same partner token still does partner work.
      const partner = await invoke('partners/get-my-profile', 'GET', '/partners/me', accessClaims(subjectA, { 'cognito:groups': '[operators partners]' }));
      expect({ status: partner.status, id: partner.body.id }).toEqual({ status: 200, id: partnerA });
    });
  });
});
