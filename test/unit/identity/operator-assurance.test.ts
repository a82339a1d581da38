import { describe, expect, it } from 'vitest';
import { isAllowed } from '#lib/http/authorize-route.ts';
import { callerOf, parseGroups } from '#lib/http/caller.ts';
import type { HttpEvent } from '#lib/http/http-event.ts';
import type { IdentitySettings } from '#lib/identity/identity-settings.ts';
import { operatorAssuranceOf, showsOperatorAssurance } from '#lib/identity/operator-assurance.ts';

const operatorPool = 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_0pErAt0rs';
const partnerPool = 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_PaRtNeRs1';
const cognito: IdentitySettings = { provider: 'cognito' };
const oidc: IdentitySettings = { provider: 'oidc', issuer: 'https://sso.example.cn/realms/x', audience: ['app'], subjectClaim: 'sub', groupsClaim: 'roles' };

function eventWith(claims: Record<string, string>): HttpEvent {
  return { requestContext: { authorizer: { jwt: { claims } } } } as unknown as HttpEvent;
}

describe('operators need a second factor', () => {
  it("Cognito: only the operators' pool (MFA required) makes an operator, whatever another pool's token claims", () => {
    const assurance = operatorAssuranceOf(cognito, operatorPool);
    const fromOperatorsPool = callerOf(eventWith({ iss: operatorPool, sub: '4b1f0c2e-1d5a-4f7e-9f6b-2a7d8c9e0f11', 'cognito:groups': '[operators]' }), cognito, assurance);
    expect(fromOperatorsPool).toEqual({ issuer: operatorPool, subject: '4b1f0c2e-1d5a-4f7e-9f6b-2a7d8c9e0f11', groups: ['operators'] });
    expect(isAllowed('operators', fromOperatorsPool)).toBe(true);

    const fromPartnersPool = callerOf(eventWith({ iss: partnerPool, sub: '7c2d', 'cognito:groups': '[operators partners]' }), cognito, assurance);
    expect(fromPartnersPool).toEqual({ issuer: partnerPool, subject: '7c2d', groups: ['partners'], operatorWithoutMfa: true });
    expect(isAllowed('operators', fromPartnersPool)).toBe(false);
    expect(isAllowed('partners', fromPartnersPool)).toBe(true);
  });

  it('Cognito without OPERATOR_ISSUER (the local runtime) asks nothing more of the token', () => {
    expect(operatorAssuranceOf(cognito, undefined)).toEqual({});
    const caller = callerOf(eventWith({ iss: 'https://local.invalid', sub: 'op-1', 'cognito:groups': '[operators]' }), cognito, {});
    expect(caller?.groups).toEqual(['operators']);
  });

  it('OIDC: `amr` must list `mfa` by default, as HTTP API flattens it or as an array', () => {
    const assurance = operatorAssuranceOf(oidc, operatorPool);
    expect(assurance).toEqual({ claim: { claim: 'amr', anyOf: ['mfa'] } });
    const claims = { iss: oidc.provider === 'oidc' ? oidc.issuer : '', sub: 'u-1', roles: '[operators]' };
    expect(callerOf(eventWith({ ...claims, amr: '[pwd otp mfa]' }), oidc, assurance)?.groups).toEqual(['operators']);
    expect(showsOperatorAssurance({ amr: ['pwd', 'mfa'] }, assurance, parseGroups)).toBe(true);
    for (const amr of [undefined, '[pwd]', 'pwd', '[mfaX]', '']) {
      const caller = callerOf(eventWith(amr === undefined ? claims : { ...claims, amr }), oidc, assurance);
      expect({ amr, groups: caller?.groups, flagged: caller?.operatorWithoutMfa }).toEqual({ amr, groups: [], flagged: true });
    }
  });

  it('OIDC: a district may name `acr` levels instead', () => {
    const settings: IdentitySettings = { ...oidc, operatorMfa: { claim: 'acr', anyOf: ['gold', 'urn:example:loa:3'] } } as IdentitySettings;
    const assurance = operatorAssuranceOf(settings);
    const claims = { iss: 'https://sso.example.cn/realms/x', sub: 'u-1', roles: '[operators]' };
    expect(callerOf(eventWith({ ...claims, acr: 'urn:example:loa:3' }), settings, assurance)?.groups).toEqual(['operators']);
    expect(callerOf(eventWith({ ...claims, acr: 'silver', amr: '[mfa]' }), settings, assurance)?.groups).toEqual([]);
  });

  it('never asks partners for it', () => {
    const caller = callerOf(eventWith({ iss: 'https://sso.example.cn/realms/x', sub: 'u-2', roles: '[partners]' }), oidc);
    expect(caller).toEqual({ issuer: 'https://sso.example.cn/realms/x', subject: 'u-2', groups: ['partners'] });
  });
});
