import { describe, expect, it } from 'vitest';
import { Conflict, Forbidden, InvalidInput, MethodNotAllowed, NotFound, PayloadTooLarge, Unauthenticated } from '#lib/common/domain-errors.ts';
import { callerOf, parseGroups } from '#lib/http/caller.ts';
import type { HttpEvent } from '#lib/http/http-event.ts';
import { isAllowed } from '#lib/http/authorize-route.ts';
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
    const operator = { subject: 'o', groups: ['operators' as const] };
    const partner = { subject: 'p', groups: ['partners' as const] };
    expect(isAllowed('public', undefined)).toBe(true);
    expect(isAllowed('operators', operator)).toBe(true);
    expect(isAllowed('operators', partner)).toBe(false);
    expect(isAllowed('partners', partner)).toBe(true);
    expect(isAllowed('partners', undefined)).toBe(false);
    expect(isAllowed('operatorsOrPartners', partner)).toBe(true);
    expect(isAllowed('operatorsOrPartners', { subject: 'r', groups: [] })).toBe(false);
  });
});

describe('callerOf', () => {
  const eventWith = (claims: Record<string, string>) => ({ requestContext: { authorizer: { jwt: { claims } } } }) as unknown as HttpEvent;

  it("takes the Cognito username as the caller's id, else the subject", () => {
    expect(callerOf(eventWith({ sub: 'uuid-1', username: 'demo-li-jianguo', 'cognito:groups': '[partners]' }))).toEqual({ subject: 'demo-li-jianguo', groups: ['partners'] });
    expect(callerOf(eventWith({ sub: 'op-1', 'cognito:groups': '[operators]' }))).toEqual({ subject: 'op-1', groups: ['operators'] });
    expect(callerOf({ requestContext: {} } as unknown as HttpEvent)).toBeUndefined();
  });
});
