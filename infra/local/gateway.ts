/**
 * The local API Gateway (HTTP API): a node:http server that routes like the cloud stack (declared
 * routes, `ANY <path>` → methodNotAllowed, `ANY /{proxy+}` → notFound), runs the JWT authorizer on
 * protected routes, hands handlers the payload 2.0 event and a Lambda context, and answers with
 * API Gateway's own responses where the cloud would (401, 404 without a fallback, 413, 500, 503).
 * Local only, never in the cloud: static files from web/, GET /_local/dead-letters, GET /_local/outbox,
 * GET/PUT /_local/clock, and the local handlers start-system adds (the sign-in by code, the partner
 * app's sign-in config).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fallbackHandlers as declaredFallbacks, type RouteDeclaration, routes as declaredRoutes } from '#lib/topology/topology.ts';
import type { DeadLetterStore } from './dead-letters.ts';
import type { Outbox } from './outbox.ts';
import { type HandlerLoader, moduleHandlerLoader } from './handler-loader.ts';
import { buildHttpApiEvent, type IncomingRequest, newApiGatewayRequestId } from './http-api-event.ts';
import { type GatewayResponse, gatewayError, toGatewayResponse } from './http-api-response.ts';
import type { JwtAuthorizer } from './jwt-authorizer.ts';
import { functionNameFor, InvocationTimeout, invokeHandler } from './lambda-context.ts';
import { localClockAnswer } from './local-clock.ts';
import { type LocalLog, silentLog } from './log.ts';
import { createRouteMatcher, type FallbackHandlers, gatewayRoutes, type RouteMatch } from './route-matcher.ts';
import { serveStaticFile } from './static-files.ts';

export interface GatewayOptions {
  /** 0 or omitted: a free port. */
  port?: number;
  host?: string;
  routes?: readonly RouteDeclaration[];
  fallbackHandlers?: FallbackHandlers;
  loadHandler?: HandlerLoader;
  /** Checks the Authorization header of every route whose access is not `public`. */
  authorizer: JwtAuthorizer;
  /** Directory served before routing; null or missing directory: none. */
  webDirectory?: string | null;
  deadLetters?: DeadLetterStore;
  outbox?: Outbox;
  /** Local-only endpoints by `METHOD /path`, answered before static files and routing. */
  localHandlers?: Record<string, LocalHandler>;
  maxBodyBytes?: number;
  /** The handler's Lambda timeout (the cloud's HTTP functions have 10 s); past it API Gateway answers 500. */
  timeoutMs?: number;
  /** The HTTP API's CORS configuration: preflights answered by the gateway, allow-origin added to responses. */
  cors?: CorsOptions;
  apiId?: string;
  log?: LocalLog;
}

/** A local-only endpoint: the request body in, a JSON answer out. */
export type LocalHandler = (body: Buffer) => Promise<{ status: number; body: unknown }>;

export interface CorsOptions {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  maxAgeSeconds?: number;
}

export interface Gateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const log = options.log ?? silentLog;
  const loadHandler = options.loadHandler ?? moduleHandlerLoader();
  const match = createRouteMatcher(gatewayRoutes(options.routes ?? declaredRoutes, options.fallbackHandlers ?? declaredFallbacks));
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const apiId = options.apiId ?? 'local';

  async function respond(request: IncomingMessage, requestId: string, body: Buffer, port: number): Promise<Answer> {
    const method = request.method ?? 'GET';
    const target = request.url ?? '/';
    const rawPath = target.split('?')[0] ?? '/';

    const preflight = options.cors && corsPreflight(request, options.cors);
    if (preflight) return { response: preflight };
    const local = options.localHandlers?.[`${method} ${rawPath}`];
    if (local) return { response: await answerLocally(local, body) };
    if (rawPath.startsWith('/_local/')) return { response: localEndpoint(method, rawPath, options, body) };
    if (options.webDirectory) {
      const file = await serveStaticFile(options.webDirectory, method, rawPath);
      if (file) return { response: file };
    }

    const found = match(method, rawPath);
    if (!found) return { response: gatewayError(404, 'Not Found') };

    let authorizer: Awaited<ReturnType<JwtAuthorizer>> | undefined;
    if (found.route.access !== 'public') {
      authorizer = await options.authorizer(request.headers.authorization);
      if (!authorizer.authorized) {
        log('info', `${method} ${rawPath} refused by the JWT authorizer: ${authorizer.reason}`);
        return {
          response: gatewayError(401, 'Unauthorized', [['www-authenticate', authorizer.wwwAuthenticate]]),
          routeKey: found.routeKey,
        };
      }
    }

    const incoming: IncomingRequest = {
      method,
      target,
      rawHeaders: request.rawHeaders,
      body,
      sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      protocol: `HTTP/${request.httpVersion}`,
      port,
      scheme: 'http',
    };
    const event = buildHttpApiEvent(incoming, found, {
      requestId,
      now: new Date(),
      apiId,
      ...(authorizer?.authorized ? { authorizer: authorizer.authorizer } : {}),
    });
    return { response: await invoke(found, event), routeKey: found.routeKey };
  }

  async function invoke(found: RouteMatch, event: unknown): Promise<GatewayResponse> {
    const functionName = functionNameFor(found.route.handler);
    try {
      const handler = await loadHandler(found.route.handler);
      return toGatewayResponse(await invokeHandler(handler, event, { functionName, timeoutMs }));
    } catch (error) {
      if (error instanceof InvocationTimeout) {
        log('error', `${found.routeKey}: ${error.message}; API Gateway answers 500`);
        return gatewayError(500, 'Internal Server Error');
      }
      log('error', `${found.routeKey} (${found.route.handler}) failed; API Gateway answers 500`, error);
      return gatewayError(500, 'Internal Server Error');
    }
  }

  const server = createServer((request, response) => {
    const started = Date.now();
    const requestId = newApiGatewayRequestId();
    const port = (server.address() as AddressInfo).port;
    readBody(request, maxBodyBytes)
      .then((body): Promise<Answer> | Answer =>
        body === tooLarge ? { response: gatewayError(413, 'Request Entity Too Large') } : respond(request, requestId, body, port),
      )
      .catch((error: unknown): Answer => {
        log('error', `${request.method} ${request.url}: the local gateway failed`, error);
        return { response: gatewayError(500, 'Internal Server Error') };
      })
      .then(({ response: result, routeKey }) => {
        if (options.cors) addCorsHeaders(request, result, options.cors);
        send(response, result, requestId, request.method === 'HEAD');
        log(
          'info',
          `${request.method} ${request.url} → ${result.statusCode} in ${Date.now() - started} ms${routeKey ? ` (${routeKey})` : ''}`,
        );
      });
  });

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => done());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

const tooLarge = Symbol('tooLarge');

interface Answer {
  response: GatewayResponse;
  routeKey?: string;
}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer | typeof tooLarge> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) {
    request.resume();
    return Promise.resolve(tooLarge);
  }
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let exceeded = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) exceeded = true;
      else chunks.push(chunk);
    });
    request.on('end', () => done(exceeded ? tooLarge : Buffer.concat(chunks)));
    request.on('error', fail);
  });
}

function send(response: ServerResponse, result: GatewayResponse, requestId: string, isHead: boolean): void {
  const headers: string[] = [];
  for (const [name, value] of result.headers) {
    if (name === 'content-length' || name === 'transfer-encoding' || name === 'connection') continue;
    headers.push(name, value);
  }
  headers.push('content-length', String(result.body.length), 'apigw-requestid', requestId);
  response.writeHead(result.statusCode, headers);
  response.end(isHead ? undefined : result.body);
}

/** HTTP API answers CORS preflights itself, before routing, when CORS is configured. */
function corsPreflight(request: IncomingMessage, cors: CorsOptions): GatewayResponse | undefined {
  const origin = request.headers.origin;
  if (request.method !== 'OPTIONS' || !origin || !request.headers['access-control-request-method']) return undefined;
  const allowed = allowedOrigin(origin, cors);
  const headers: Array<[string, string]> = allowed
    ? [
        ['access-control-allow-origin', allowed],
        ['access-control-allow-methods', cors.allowMethods.join(',')],
        ['access-control-allow-headers', cors.allowHeaders.join(',')],
        ...(cors.maxAgeSeconds === undefined ? [] : ([['access-control-max-age', String(cors.maxAgeSeconds)]] as Array<[string, string]>)),
      ]
    : [];
  return { statusCode: 204, headers, body: Buffer.alloc(0) };
}

/** With CORS configured, API Gateway sets the allow-origin header itself, replacing the handler's. */
function addCorsHeaders(request: IncomingMessage, result: GatewayResponse, cors: CorsOptions): void {
  const origin = request.headers.origin;
  const allowed = origin ? allowedOrigin(origin, cors) : undefined;
  if (!allowed) return;
  result.headers = result.headers.filter(([name]) => name !== 'access-control-allow-origin');
  result.headers.push(['access-control-allow-origin', allowed]);
}

function allowedOrigin(origin: string, cors: CorsOptions): string | undefined {
  if (cors.allowOrigins.includes('*')) return '*';
  return cors.allowOrigins.includes(origin) ? origin : undefined;
}

async function answerLocally(handler: LocalHandler, body: Buffer): Promise<GatewayResponse> {
  const answer = await handler(body);
  const contentType = answer.status >= 400 ? 'application/problem+json' : 'application/json';
  return {
    statusCode: answer.status,
    headers: [
      ['content-type', contentType],
      ['cache-control', 'no-store'],
    ],
    body: Buffer.from(JSON.stringify(answer.body)),
  };
}

/** A local handler's JSON body, or undefined when it is not JSON. */
export function jsonOf(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function localEndpoint(
  method: string,
  rawPath: string,
  { deadLetters, outbox }: { deadLetters?: DeadLetterStore | undefined; outbox?: Outbox | undefined },
  requestBody: Buffer,
): GatewayResponse {
  if (rawPath === '/_local/clock') {
    const answer = localClockAnswer(method, requestBody);
    return { statusCode: answer.statusCode, headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify(answer.body, null, 2)) };
  }
  if (rawPath === '/_local/outbox' && method === 'GET') {
    const messages = outbox?.list() ?? [];
    const body = { location: outbox?.location ?? 'none', count: messages.length, messages };
    return { statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify(body, null, 2)) };
  }
  if (rawPath === '/_local/dead-letters' && method === 'GET') {
    const letters = deadLetters?.list() ?? [];
    const body = { location: deadLetters?.location ?? 'none', count: letters.length, deadLetters: letters };
    return { statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify(body, null, 2)) };
  }
  return gatewayError(404, 'Not Found');
}
