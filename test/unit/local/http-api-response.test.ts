import { describe, expect, it } from 'vitest';
import { MalformedLambdaResponse, toGatewayResponse } from '#infra/local/http-api-response.ts';

describe('handler result to HTTP response (payload 2.0)', () => {
  it('sends a structured result with one set-cookie per cookie', () => {
    const response = toGatewayResponse({
      statusCode: 201,
      headers: { 'Content-Type': 'text/plain', 'X-Count': 3 },
      cookies: ['a=1', 'b=2'],
      body: '好',
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers).toEqual([
      ['content-type', 'text/plain'],
      ['x-count', '3'],
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ]);
    expect(response.body.toString('utf8')).toBe('好');
  });

  it('decodes a base64 body', () => {
    expect(toGatewayResponse({ statusCode: 200, isBase64Encoded: true, body: 'AQID' }).body).toEqual(Buffer.from([1, 2, 3]));
  });

  it('infers 200 JSON for results without a statusCode', () => {
    expect(toGatewayResponse({ ok: true })).toMatchObject({ statusCode: 200, headers: [['content-type', 'application/json']] });
    expect(toGatewayResponse({ ok: true }).body.toString()).toBe('{"ok":true}');
    expect(toGatewayResponse('Hello from Lambda!').body.toString()).toBe('Hello from Lambda!');
  });

  it('rejects malformed results', () => {
    expect(() => toGatewayResponse({ statusCode: '200' })).toThrow(MalformedLambdaResponse);
    expect(() => toGatewayResponse({ statusCode: 200, body: { not: 'a string' } })).toThrow(MalformedLambdaResponse);
    expect(() => toGatewayResponse({ statusCode: 200, cookies: 'a=1' })).toThrow(MalformedLambdaResponse);
  });
});
