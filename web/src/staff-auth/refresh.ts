/** A valid access token from a staff app's store, refreshed through its provider when it can be. */
import { type CognitoCall, cognitoClient } from './cognito-call.ts';
import { type OidcConfig, refreshOidc } from './oidc.ts';
import { type CognitoTokens, storeCognitoTokens, type TokenStore } from './token-store.ts';

export type SignInConfig =
  | { provider: 'local' }
  | { provider: 'cognito'; region: string; clientId: string }
  | ({ provider: 'oidc' } & OidcConfig);

export interface AppConfig {
  signIn: SignInConfig;
  /** Where the staff API is (the cloud's ApiUrl); the page's own origin when absent. */
  apiBaseUrl?: string;
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch('config.json', { cache: 'no-store', credentials: 'omit' });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  return (await response.json()) as AppConfig;
}

/** Undefined when the person must sign in again (the store is then emptied). */
export async function validAccessToken(config: AppConfig, store: TokenStore, call?: CognitoCall): Promise<string | undefined> {
  const session = store.current();
  if (!session) return undefined;
  if (session.expiresAt - 60_000 > Date.now()) return session.accessToken;
  if (config.signIn.provider === 'oidc' && session.refreshToken) {
    const token = await refreshOidc(config.signIn, store, session.refreshToken);
    if (token) return token;
  }
  if (config.signIn.provider === 'cognito' && session.refreshToken) {
    try {
      const result = await (call ?? cognitoClient(config.signIn.region))<{ AuthenticationResult?: CognitoTokens }>('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: config.signIn.clientId,
        AuthParameters: { REFRESH_TOKEN: session.refreshToken },
      });
      if (result.AuthenticationResult) {
        storeCognitoTokens(store, result.AuthenticationResult, session.refreshToken);
        return result.AuthenticationResult.AccessToken;
      }
    } catch {
      // Fall through: sign in again.
    }
  }
  store.write(undefined);
  return undefined;
}
