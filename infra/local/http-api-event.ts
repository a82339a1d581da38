/**
 * Builds the API Gateway HTTP API payload format 2.0 event for a request, field for field as the
 * cloud does: lower-case headers with duplicates comma-joined, the Cookie header moved to `cookies`,
 * query parameters decoded and comma-joined, empty collections and bodies left out, and a body that
 * is not text base64-encoded. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayEventRequestContextJWTAuthorizer, APIGatewayProxyEventV2 } from 'aws-lambda';
import { localAccountId } from './lambda-context.ts';
import type { RouteMatch } from './route-matcher.ts';

export interface IncomingRequest {
  method: string;
  /** The request target as received: path and query, still percent-encoded. */
  target: string;
  /** Node's `rawHeaders`: name, value, name, value… in arrival order and case. */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
  protocol: string;
  /** Port and scheme the client used, for the x-forwarded-* headers API Gateway adds. */
  port: number;
  scheme: 'http' | 'https';
}

export type HttpApiEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & { authorizer?: APIGatewayEventRequestContextJWTAuthorizer };
};

export interface EventContext {
  requestId: string;
  now: Date;
  apiId: string;
  authorizer?: APIGatewayEventRequestContextJWTAuthorizer;
}

export function buildHttpApiEvent(request: IncomingRequest, match: RouteMatch, context: EventContext): HttpApiEvent {
  const queryStart = request.target.indexOf('?');
  const rawPath = queryStart < 0 ? request.target : request.target.slice(0, queryStart);
  const rawQueryString = queryStart < 0 ? '' : (request.target.slice(queryStart + 1).split('#')[0] ?? '');
  const { headers, cookies } = combineHeaders(request);
  const host = (headers.host ?? 'localhost').replace(/:\d+$/, '');
  const queryStringParameters = parseQuery(rawQueryString);
  const body = encodeBody(request.body, headers['content-type']);

  const event: HttpApiEvent = {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: localAccountId,
      apiId: context.apiId,
      ...(context.authorizer ? { authorizer: context.authorizer } : {}),
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: request.method,
        path: rawPath,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey: match.routeKey,
      stage: '$default',
      time: formatRequestTime(context.now),
      timeEpoch: context.now.getTime(),
    },
    ...(match.pathParameters ? { pathParameters: match.pathParameters } : {}),
    ...(body ? { body: body.text } : {}),
    isBase64Encoded: body?.isBase64Encoded ?? false,
  };
  return event;
}

function combineHeaders(request: IncomingRequest): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    const name = (request.rawHeaders[index] as string).toLowerCase();
    const value = request.rawHeaders[index + 1] as string;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${request.sourceIp}` : request.sourceIp;
  headers['x-forwarded-port'] = String(request.port);
  headers['x-forwarded-proto'] = request.scheme;
  headers['x-amzn-trace-id'] ??= `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  return { headers, cookies };
}

/** Decoded names and values, duplicates comma-joined; `+` stays `+` as API Gateway leaves it. */
function parseQuery(rawQueryString: string): Record<string, string> | undefined {
  if (!rawQueryString) return undefined;
  const parameters: Record<string, string> = {};
  for (const pair of rawQueryString.split('&')) {
    if (!pair) continue;
    const equals = pair.indexOf('=');
    const name = decode(equals < 0 ? pair : pair.slice(0, equals));
    const value = equals < 0 ? '' : decode(pair.slice(equals + 1));
    parameters[name] = parameters[name] === undefined ? value : `${parameters[name]},${value}`;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

const textContentTypes = [/^text\//, /^application\/(.+\+)?json\b/, /^application\/(.+\+)?xml\b/, /^application\/javascript\b/];

export function isTextContentType(contentType: string | undefined): boolean {
  const type = contentType?.trim().toLowerCase();
  return type !== undefined && textContentTypes.some((pattern) => pattern.test(type));
}

function encodeBody(body: Buffer, contentType: string | undefined): { text: string; isBase64Encoded: boolean } | undefined {
  if (body.length === 0) return undefined;
  if (isTextContentType(contentType)) return { text: body.toString('utf8'), isBase64Encoded: false };
  return { text: body.toString('base64'), isBase64Encoded: true };
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, as in requestContext.time. */
export function formatRequestTime(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

/** API Gateway's request ids look like `Mc7UVioPPHcEKPA=`. */
export function newApiGatewayRequestId(): string {
  return randomBytes(11).toString('base64');
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
