import { describe, expect, it } from 'vitest';
import { Conflict, Forbidden, InvalidInput, MethodNotAllowed, NotFound, PayloadTooLarge, Unauthenticated } from '#lib/common/domain-errors.ts';
import { callerOf, parseGroups } from '#lib/http/caller.ts';
import type { HttpEvent } from '#lib/http/http-event.ts';
import { isAllowed } from '#lib/http/authorize-route.ts';
import type { IdentitySettings } from '#lib/identity/identity-settings.ts';
import { problemFor } from '#lib/http/problem-details.ts';

describe('problemFor', () => {
  it.each([
    [new InvalidInput([{ field: 'a', code: 'x', detail: 'd' }]), 400],
    [new Unauthenticated('no token'), 401],
    [new Forbidden('no'), 403],
    [new NotFound('need'), 404],
    [new MethodNotAllowed(['GET']), 405],
    [new Conflict('taken', { status: 'accepted' }), 409],
    [new PayloadTooLarge(65536), 413],
    [new Error('boom'), 500],
  ])('maps %s to %i', (error, status) => {
    expect(problemFor(error).status).toBe(status);
  });

  it('lists each field at fault with a JSON pointer', () => {
    const problem = problemFor(new InvalidInput([{ field: 'contact.phone', code: 'invalid_format', detail: 'bad' }, { field: '(body)', code: 'invalid_json', detail: 'x' }]));
    expect(problem.errors).toEqual([
      { field: 'contact.phone', code: 'invalid_format', detail: 'bad', pointer: '/contact/phone' },
      { field: '(body)', code: 'invalid_json', detail: 'x', pointer: '' },
    ]);
  });

  it('says nothing of internals in a 500', () => {
    expect(JSON.stringify(problemFor(new Error('password=hunter2')))).not.toContain('hunter2');
  });
});

describe('caller groups', () => {
  it('reads the groups claim as HTTP API flattens it and as a real array', () => {
    expect(parseGroups('[operators partners]')).toEqual(['operators', 'partners']);
    expect(parseGroups('["operators","partners"]')).toEqual(['operators', 'partners']);
    expect(parseGroups(['partners'])).toEqual(['partners']);
    expect(parseGroups(undefined)).toEqual([]);
  });

  it('allows each access level only to its groups', () => {
    const operator = { issuer: 'i', subject: 'o', groups: ['operators' as const] };
    const partner = { issuer: 'i', subject: 'p', groups: ['partners' as const] };
    expect(isAllowed('public', undefined)).toBe(true);
    expect(isAllowed('operators', operator)).toBe(true);
    expect(isAllowed('operators', partner)).toBe(false);
    expect(isAllowed('partners', partner)).toBe(true);
    expect(isAllowed('partners', undefined)).toBe(false);
    expect(isAllowed('operatorsOrPartners', partner)).toBe(true);
    expect(isAllowed('operatorsOrPartners', { issuer: 'i', subject: 'r', groups: [] })).toBe(false);
  });
});

describe('callerOf', () => {
  const eventWith = (claims: Record<string, string>) => ({ requestContext: { authorizer: { jwt: { claims } } } }) as unknown as HttpEvent;
  const cognito = { provider: 'cognito' } as const;
  const pool = 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_Example';

  it('takes the issuer and `sub`, never the Cognito username, as who calls', () => {
    const claims = { iss: pool, sub: '3b0c5f0e-5c1e-4a55-9d0e-0f6c1f1d2a11', username: 'e2a1c0d4-7a77-4f5e-9d5b-bf1b6a7c9f00', 'cognito:groups': '[partners]' };
    expect(callerOf(eventWith(claims), cognito)).toEqual({ issuer: pool, subject: claims.sub, groups: ['partners'] });
    expect(callerOf(eventWith({ iss: pool, username: 'demo-li-jianguo', 'cognito:groups': '[partners]' }), cognito)).toBeUndefined();
    expect(callerOf({ requestContext: {} } as unknown as HttpEvent, cognito)).toBeUndefined();
  });

  it("reads an OpenID Connect issuer's subject and groups claims as the district names them", () => {
    const oidc: IdentitySettings = { provider: 'oidc', issuer: 'https://id.example.cn', audience: ['web'], subjectClaim: 'uid', groupsClaim: 'roles' };
    const claims = { iss: 'https://id.example.cn', sub: 'ignored', uid: 'u-42', roles: '[partners staff]' };
    expect(callerOf(eventWith(claims), oidc)).toEqual({ issuer: 'https://id.example.cn', subject: 'u-42', groups: ['partners'] });
  });
});
