/** A valid access token from a staff app's store, refreshed through its provider when it can be. */
import { refreshAtCognito } from './cognito-refresh.ts';
import { type OidcConfig, refreshOidc } from './oidc.ts';
import type { TokenStore } from './token-store.ts';

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
export async function validAccessToken(config: AppConfig, store: TokenStore): Promise<string | undefined> {
  const session = store.current();
  if (!session) return undefined;
  if (session.expiresAt - 60_000 > Date.now()) return session.accessToken;
  if (config.signIn.provider === 'oidc' && session.refreshToken) {
    const token = await refreshOidc(config.signIn, store, session.refreshToken);
    if (token) return token;
  }
  if (config.signIn.provider === 'cognito' && session.refreshToken) {
    const token = await refreshAtCognito(config.signIn, store, session.refreshToken);
    if (token) return token;
  }
  store.write(undefined);
  return undefined;
}
