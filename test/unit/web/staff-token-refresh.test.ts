/**
 * A staff app's session refreshed at Cognito with the refresh token (REFRESH_TOKEN_AUTH, which
 * answers no new refresh token); a refusal answers nothing, and the app then asks to sign in again.
 */
import { describe, expect, it } from 'vitest';
import { CognitoFailure } from '../../../web/src/staff-auth/cognito-call.ts';
import { refreshAtCognito } from '../../../web/src/staff-auth/cognito-refresh.ts';
import type { StoredSession, TokenStore } from '../../../web/src/staff-auth/token-store.ts';

function memoryStore(session?: StoredSession): TokenStore & { session: StoredSession | undefined } {
  const store = {
    session,
    current: () => store.session,
    write: (next: StoredSession | undefined) => {
      store.session = next;
    },
    isSignedIn: () => !!store.session && store.session.expiresAt > Date.now(),
  };
  return store;
}

const config = { region: 'ap-east-1', clientId: 'operators-client' };

describe('a staff session at Cognito', () => {
  it('refreshes a token about to expire, keeping the refresh token Cognito does not send again', async () => {
    const store = memoryStore({ accessToken: 'old', refreshToken: 'refresh-1', expiresAt: Date.now() + 30_000 });
    const sent: unknown[] = [];
    const call = async <T>(operation: string, body: unknown): Promise<T> => {
      sent.push({ operation, body });
      return {
        AuthenticationResult: { AccessToken: 'new', IdToken: 'id', ExpiresIn: 3600, TokenType: 'Bearer' },
        ChallengeParameters: {},
      } as T;
    };
    expect(await refreshAtCognito(config, store, 'refresh-1', call)).toBe('new');
    expect(sent).toEqual([
      {
        operation: 'InitiateAuth',
        body: { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: 'operators-client', AuthParameters: { REFRESH_TOKEN: 'refresh-1' } },
      },
    ]);
    expect(store.session).toMatchObject({ accessToken: 'new', refreshToken: 'refresh-1' });
    expect(store.session?.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
  });

  it('answers nothing when Cognito refuses the refresh token (revoked, or past its 12 hours)', async () => {
    const store = memoryStore({ accessToken: 'old', refreshToken: 'revoked', expiresAt: Date.now() - 1 });
    const call = async <T>(): Promise<T> => {
      throw new CognitoFailure('NotAuthorizedException');
    };
    expect(await refreshAtCognito(config, store, 'revoked', call)).toBeUndefined();
    expect(store.session).toMatchObject({ accessToken: 'old' });
  });
});
