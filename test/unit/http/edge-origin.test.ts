import type { Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { Forbidden } from '#lib/common/domain-errors.ts';
import { isEdgeSecret, originVerifyHeader, requireEdgeOrigin } from '#lib/http/edge-origin.ts';
import type { HttpEvent, HttpResult } from '#lib/http/http-event.ts';

const secret = 'f3Kq9sVx2LmN8pRt5WzY7bCd4GhJ6kQe';

function requestFor(routeKey: string, headers: Record<string, string> = {}): Request<HttpEvent, HttpResult, Error, Context> {
  const event = { routeKey, headers, requestContext: { http: { method: routeKey.split(' ')[0] } } } as unknown as HttpEvent;
  return { event, context: {} as Context, response: undefined, error: undefined, internal: {} };
}

async function check(secretOf: () => string | undefined, routeKey: string, headers?: Record<string, string>): Promise<'passed' | Error> {
  const before = requireEdgeOrigin(secretOf).before;
  if (!before) throw new Error('no before hook');
  try {
    await before(requestFor(routeKey, headers));
    return 'passed';
  } catch (error) {
    return error as Error;
  }
}

describe('requireEdgeOrigin', () => {
  it('refuses a public route without the header, or with a wrong one, when the secret is set (the cloud behind CloudFront)', async () => {
    for (const headers of [{} as Record<string, string>, { [originVerifyHeader]: '' }, { [originVerifyHeader]: `${secret}x` }, { [originVerifyHeader]: secret.slice(1) }]) {
      const outcome = await check(() => secret, 'POST /needs', headers);
      expect(outcome).toBeInstanceOf(Forbidden);
    }
    expect(await check(() => secret, 'GET /catalog')).toBeInstanceOf(Forbidden);
  });

  it('passes a public route that carries the secret', async () => {
    expect(await check(() => secret, 'POST /needs', { [originVerifyHeader]: secret })).toBe('passed');
    expect(await check(() => secret, 'GET /needs/{id}', { [originVerifyHeader]: secret })).toBe('passed');
  });

  it('requires nothing where no secret is set (locally, or a district without CloudFront)', async () => {
    expect(await check(() => undefined, 'POST /needs')).toBe('passed');
    expect(await check(() => '', 'POST /needs')).toBe('passed');
  });

  it('leaves staff routes and undeclared fallbacks to their own checks', async () => {
    expect(await check(() => secret, 'GET /partners/me')).toBe('passed');
    expect(await check(() => secret, 'GET /escalations')).toBe('passed');
    expect(await check(() => secret, 'ANY /{proxy+}')).toBe('passed');
  });

  it('compares whole values', () => {
    expect(isEdgeSecret(secret, secret)).toBe(true);
    expect(isEdgeSecret(undefined, secret)).toBe(false);
    expect(isEdgeSecret(secret.toUpperCase(), secret)).toBe(false);
  });
});
