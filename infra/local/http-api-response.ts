/**
 * Turns what a handler returned into the HTTP response API Gateway (payload 2.0) would send:
 * a structured result (`statusCode`, `headers`, `cookies` as one set-cookie each, `body`,
 * `isBase64Encoded`), or anything else serialized as a 200 JSON body. A malformed result is
 * API Gateway's 500, as is a handler that threw.
 */
export interface GatewayResponse {
  statusCode: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

export class MalformedLambdaResponse extends Error {}

export function toGatewayResponse(result: unknown): GatewayResponse {
  if (!isRecord(result) || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return { statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body, 'utf8') };
  }
  const { statusCode, headers, cookies, body, isBase64Encoded } = result;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new MalformedLambdaResponse(`statusCode must be an integer from 100 to 599, got ${JSON.stringify(statusCode)}`);
  }
  if (body !== undefined && body !== null && typeof body !== 'string') {
    throw new MalformedLambdaResponse(`body must be a string, got ${typeof body}`);
  }
  const responseHeaders: Array<[string, string]> = [];
  if (headers !== undefined && headers !== null) {
    if (!isRecord(headers)) throw new MalformedLambdaResponse('headers must be an object');
    for (const [name, value] of Object.entries(headers)) {
      if (!['string', 'number', 'boolean'].includes(typeof value)) {
        throw new MalformedLambdaResponse(`header ${name} must be a string, number or boolean`);
      }
      responseHeaders.push([name.toLowerCase(), String(value)]);
    }
  }
  if (cookies !== undefined && cookies !== null) {
    if (!Array.isArray(cookies) || !cookies.every((cookie) => typeof cookie === 'string')) {
      throw new MalformedLambdaResponse('cookies must be an array of strings');
    }
    for (const cookie of cookies) responseHeaders.push(['set-cookie', cookie]);
  }
  const text = typeof body === 'string' ? body : '';
  return { statusCode, headers: responseHeaders, body: Buffer.from(text, isBase64Encoded === true ? 'base64' : 'utf8') };
}

/** API Gateway's own error responses: `{"message":"…"}`. */
export function gatewayError(statusCode: number, message: string, headers: Array<[string, string]> = []): GatewayResponse {
  return {
    statusCode,
    headers: [['content-type', 'application/json'], ...headers],
    body: Buffer.from(JSON.stringify({ message }), 'utf8'),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
