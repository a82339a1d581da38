import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryDeadLetterStore } from '#infra/local/dead-letters.ts';
import { memoryOutbox } from '#infra/local/outbox.ts';
import { type Gateway, startGateway } from '#infra/local/gateway.ts';
import { moduleHandlerLoader } from '#infra/local/handler-loader.ts';
import { createJwtAuthorizer } from '#infra/local/jwt-authorizer.ts';
import { silentLog } from '#infra/local/log.ts';
import { generateSigningKey, issueLocalToken, type LocalSigningKey, localClientId, localIssuer } from '#infra/local/tokens.ts';
import type { RouteDeclaration } from '#lib/topology/topology.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

const routes: RouteDeclaration[] = [
  { method: 'GET', path: '/things/{id}', handler: 'echo-event', access: 'public', description: '' },
  { method: 'POST', path: '/things', handler: 'echo-event', access: 'public', description: '' },
  { method: 'GET', path: '/things/special', handler: 'plain-object', access: 'public', description: '' },
  { method: 'GET', path: '/files/{proxy+}', handler: 'echo-event', access: 'public', description: '' },
  { method: 'GET', path: '/private', handler: 'echo-event', access: 'operators', description: '' },
  { method: 'GET', path: '/broken', handler: 'throws', access: 'public', description: '' },
  { method: 'GET', path: '/malformed', handler: 'malformed', access: 'public', description: '' },
  { method: 'GET', path: '/binary', handler: 'binary-body', access: 'public', description: '' },
];

interface Echo {
  // biome-ignore lint/suspicious/noExplicitAny: the echoed event is JSON, inspected field by field.
  event: Record<string, any>;
  context: { functionName: string; awsRequestId: string; remainingMs: number };
}

describe('local gateway', { timeout: 30_000 }, () => {
  let gateway: Gateway;
  let key: LocalSigningKey;
  const deadLetters = memoryDeadLetterStore();
  const outbox = memoryOutbox();

  beforeAll(async () => {
    key = await generateSigningKey();
    const web = mkdtempSync(join(tmpdir(), 'gateway-web-'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>需求</title>');
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1);');
    deadLetters.add({
      consumer: 'needReceived',
      reason: 'retryAttemptsExhausted',
      attempts: 6,
      shardId: 'shard-1',
      deadLetteredAt: new Date().toISOString(),
      record: { eventName: 'INSERT' },
    });
    gateway = await startGateway({
      routes,
      fallbackHandlers: { methodNotAllowed: 'method-not-allowed', notFound: 'not-found' },
      loadHandler: moduleHandlerLoader(fixtures),
      authorizer: createJwtAuthorizer({ keys: [key], issuer: localIssuer, audience: [localClientId] }),
      webDirectory: web,
      deadLetters,
      outbox,
      maxBodyBytes: 1024,
      cors: { allowOrigins: ['http://form.example'], allowMethods: ['GET', 'POST'], allowHeaders: ['content-type'], maxAgeSeconds: 3600 },
      log: silentLog,
    });
  });

  afterAll(async () => {
    await gateway.close();
  });

  async function echo(path: string, init?: RequestInit): Promise<{ response: Response; echo: Echo }> {
    const response = await fetch(`${gateway.url}${path}`, init);
    return { response, echo: (await response.json()) as Echo };
  }

  function rawGet(path: string, rawHeaders: string[]): Promise<{ response: IncomingMessage; echo: Echo }> {
    return new Promise((done, fail) => {
      const url = new URL(path, gateway.url);
      const request = httpRequest(url, { headers: ['Host', url.host, ...rawHeaders] }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done({ response, echo: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Echo }));
      });
      request.on('error', fail);
      request.end();
    });
  }

  it('hands the handler an HTTP API payload 2.0 event', async () => {
    // node:http, not fetch: fetch would merge the repeated header before sending it.
    const { response, echo: result } = await rawGet('/things/abc%20d?x=1&x=2&name=%E4%B8%AD&flag', [
      'X-Custom',
      'a',
      'x-custom',
      'b',
      'Cookie',
      'c1=1; c2=2',
      'User-Agent',
      'vitest',
    ]);
    expect(response.statusCode).toBe(200);
    const { event } = result;
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('GET /things/{id}');
    expect(event.rawPath).toBe('/things/abc%20d');
    expect(event.rawQueryString).toBe('x=1&x=2&name=%E4%B8%AD&flag');
    expect(event.pathParameters).toEqual({ id: 'abc d' });
    expect(event.queryStringParameters).toEqual({ x: '1,2', name: '中', flag: '' });
    expect(event.headers['x-custom']).toBe('a,b');
    expect(event.headers['user-agent']).toBe('vitest');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['c1=1', 'c2=2']);
    expect(event.headers['x-forwarded-proto']).toBe('http');
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext).toMatchObject({
      accountId: expect.any(String),
      apiId: 'local',
      http: { method: 'GET', path: '/things/abc%20d', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      routeKey: 'GET /things/{id}',
      stage: '$default',
      timeEpoch: expect.any(Number),
    });
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(event.requestContext.authorizer).toBeUndefined();
    expect(response.headers['apigw-requestid']).toBe(event.requestContext.requestId);
    expect(result.context.functionName).toBe('echo-event');
    expect(result.context.remainingMs).toBeGreaterThan(0);
  });

  it('passes text bodies as they are and other bodies base64-encoded', async () => {
    const json = await echo('/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"need":"助餐"}' });
    expect(json.echo.event.routeKey).toBe('POST /things');
    expect(json.echo.event.body).toBe('{"need":"助餐"}');
    expect(json.echo.event.isBase64Encoded).toBe(false);

    const binary = await echo('/things', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 255, 1]),
    });
    expect(binary.echo.event.isBase64Encoded).toBe(true);
    expect(Buffer.from(binary.echo.event.body as string, 'base64')).toEqual(Buffer.from([0, 255, 1]));
  });

  it('turns the structured result into the response, one set-cookie per cookie', async () => {
    const response = await fetch(`${gateway.url}/things/1`);
    expect(response.headers.get('x-fixture')).toBe('echo-event');
    expect(response.headers.get('x-number')).toBe('7');
    expect(response.headers.getSetCookie()).toEqual(['first=1; Path=/', 'second=2; Path=/']);
  });

  it('sends a result without statusCode as a 200 JSON body, and decodes base64 bodies', async () => {
    const plain = await fetch(`${gateway.url}/things/special`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('application/json');
    expect(await plain.json()).toEqual({ hello: '世界' });

    const binary = await fetch(`${gateway.url}/binary`);
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from([137, 80, 78, 71]));
  });

  it('routes greedy paths with the rest of the path as the parameter', async () => {
    const { echo: result } = await echo('/files/a/b/c.txt');
    expect(result.event.routeKey).toBe('GET /files/{proxy+}');
    expect(result.event.pathParameters).toEqual({ proxy: 'a/b/c.txt' });
  });

  it('sends another method on a known path to the methodNotAllowed fallback as ANY <path>', async () => {
    const response = await fetch(`${gateway.url}/things/abc`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(await response.json()).toEqual({ message: 'Method Not Allowed', routeKey: 'ANY /things/{id}', pathParameters: { id: 'abc' } });
  });

  it('prefers the most specific path before the method, as API Gateway does', async () => {
    // GET /things/special exists, so POST /things/special is ANY /things/special, not GET /things/{id}.
    const response = await fetch(`${gateway.url}/things/special`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(((await response.json()) as { routeKey: string }).routeKey).toBe('ANY /things/special');
  });

  it('sends unknown paths to the notFound fallback as ANY /{proxy+}', async () => {
    const response = await fetch(`${gateway.url}/nowhere/at/all`, { method: 'PUT' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found', routeKey: 'ANY /{proxy+}', pathParameters: { proxy: 'nowhere/at/all' } });
  });

  it("answers API Gateway's 500 when a handler throws or returns something malformed", async () => {
    for (const path of ['/broken', '/malformed']) {
      const response = await fetch(`${gateway.url}${path}`);
      expect(response.status).toBe(500);
      expect(await response.text()).toBe('{"message":"Internal Server Error"}');
    }
  });

  it('refuses bodies over the limit with 413', async () => {
    const response = await fetch(`${gateway.url}/things`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x'.repeat(2048),
    });
    expect(response.status).toBe(413);
  });

  it('answers CORS preflights itself and sets allow-origin on responses, as the HTTP API does', async () => {
    const preflight = await fetch(`${gateway.url}/things`, {
      method: 'OPTIONS',
      headers: { origin: 'http://form.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://form.example');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST');

    const allowed = await fetch(`${gateway.url}/things/1`, { headers: { origin: 'http://form.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://form.example');
    const other = await fetch(`${gateway.url}/things/1`, { headers: { origin: 'http://elsewhere.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  describe('JWT authorizer on protected routes', () => {
    it('answers 401 without a token', async () => {
      const response = await fetch(`${gateway.url}/private`);
      expect(response.status).toBe(401);
      expect(await response.text()).toBe('{"message":"Unauthorized"}');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('answers 401 for a token signed with another key', async () => {
      const stranger = await generateSigningKey();
      const token = await issueLocalToken(
        { ...stranger, kid: key.kid, privateJwk: { ...stranger.privateJwk, kid: key.kid } },
        { role: 'operator', id: 'op-1' },
      );
      const response = await fetch(`${gateway.url}/private`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
      expect(await response.text()).toBe('{"message":"Unauthorized"}');
    });

    it('answers 401 for an expired token, a wrong issuer and a wrong audience', async () => {
      const tokens = [
        await issueLocalToken(key, { role: 'operator', id: 'op-1', expiresInSeconds: -60 }),
        await issueLocalToken(key, { role: 'operator', id: 'op-1', issuer: 'https://elsewhere.invalid' }),
        await issueLocalToken(key, { role: 'operator', id: 'op-1', clientId: 'another-client' }),
      ];
      for (const token of tokens) {
        const response = await fetch(`${gateway.url}/private`, { headers: { authorization: `Bearer ${token}` } });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
      }
    });

    it('passes the claims as HTTP API flattens them', async () => {
      const token = await issueLocalToken(key, { role: 'operator', id: 'op-7' });
      const { response, echo: result } = await echo('/private', { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      const { claims, scopes } = result.event.requestContext.authorizer.jwt;
      expect(claims.sub).toBe('op-7');
      expect(claims['cognito:groups']).toBe('[operators]');
      expect(claims.token_use).toBe('access');
      expect(claims.client_id).toBe(localClientId);
      expect(claims.iss).toBe(localIssuer);
      expect(claims.exp).toMatch(/^\d+$/);
      expect(Object.values(claims).every((value) => typeof value === 'string')).toBe(true);
      expect(scopes).toBeNull();
    });

    it('leaves group checks to the handler: a partner token passes the gateway', async () => {
      const token = await issueLocalToken(key, { role: 'partner', id: 'demo-li-jianguo' });
      const { response, echo: result } = await echo('/private', { headers: { authorization: token } });
      expect(response.status).toBe(200);
      expect(result.event.requestContext.authorizer.jwt.claims['cognito:groups']).toBe('[partners]');
    });
  });

  describe('local-only extras', () => {
    it('serves web/ files before routing', async () => {
      const index = await fetch(`${gateway.url}/`);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await index.text()).toContain('需求');
      const script = await fetch(`${gateway.url}/assets/app.js`);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      const head = await fetch(`${gateway.url}/assets/app.js`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
    });

    it('does not serve files outside web/', async () => {
      const response = await fetch(`${gateway.url}/..%2Fpackage.json`);
      expect(response.status).toBe(404);
    });

    it('lists the dead-letter store at GET /_local/dead-letters', async () => {
      const response = await fetch(`${gateway.url}/_local/dead-letters`);
      const body = (await response.json()) as { location: string; count: number; deadLetters: unknown[] };
      expect(body.location).toBe('memory');
      expect(body.count).toBe(1);
    });

    it('lists the text messages sent at GET /_local/outbox', async () => {
      await outbox.send({ to: '13700137000', text: '验证码 123456', purpose: 'signInCode', dedupeKey: 'code-1' });
      const response = await fetch(`${gateway.url}/_local/outbox`);
      const body = (await response.json()) as { location: string; count: number; messages: Array<{ to: string; text: string; sentAt: string }> };
      expect(body.location).toBe('memory');
      expect(body.count).toBe(1);
      expect(body.messages[0]).toMatchObject({ to: '13700137000', text: '验证码 123456' });
      expect(Number.isNaN(Date.parse(body.messages[0]?.sentAt ?? ''))).toBe(false);
    });
  });
});
