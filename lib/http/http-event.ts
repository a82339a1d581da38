import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** JWT claims as the HTTP API JWT authorizer passes them: values flattened to strings. */
export type JwtClaims = Record<string, string | number | boolean | string[]>;

/**
 * An HTTP API payload v2 event, with the authorizer context present on protected routes, and the
 * body once the JSON middleware has parsed it.
 */
export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims: JwtClaims; scopes?: string[] | null } };
  };
  jsonBody?: unknown;
};

export type HttpResult = APIGatewayProxyStructuredResultV2;

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}
