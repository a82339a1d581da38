import { describe, expect, it } from 'vitest';
import { flattenClaims } from '#infra/local/jwt-authorizer.ts';

describe('JWT claims as HTTP API passes them', () => {
  it('renders every claim as a string, arrays and objects the way Go prints them', () => {
    expect(
      flattenClaims({
        sub: 'op-1',
        'cognito:groups': ['operators', 'partners'],
        exp: 1767225600,
        email_verified: true,
        address: { region: '浙江', country: 'CN' },
      }),
    ).toEqual({
      sub: 'op-1',
      'cognito:groups': '[operators partners]',
      exp: '1767225600',
      email_verified: 'true',
      address: 'map[country:CN region:浙江]',
    });
  });
});
