/**
 * OpenID Connect for districts whose issuer is not Cognito: the authorization code flow with PKCE
 * (RFC 7636). The page leaves for the issuer's sign-in page and comes back to itself with
 * `?code=…&state=…`; the tokens go into the app's store.
 */
import { expiryOf, type TokenStore } from './token-store.ts';

export interface OidcConfig {
  issuer: string;
  clientId: string;
}

interface OidcTokens {
  access_token: string;
  expires_in?: number;
  refresh_token?: string;
}

/** Nothing reached the issuer. */
export class OidcUnreachable extends Error {}
/** The issuer answered with an error, or the return did not match the request. */
export class OidcRefused extends Error {}

const pendingKey = 'community-partners.oidc-pending';

function randomText(bytes: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

async function discovery(config: OidcConfig): Promise<{ authorization_endpoint: string; token_endpoint: string }> {
  let response: Response;
  try {
    response = await fetch(`${config.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, { credentials: 'omit' });
  } catch {
    throw new OidcUnreachable();
  }
  if (!response.ok) throw new OidcRefused();
  return (await response.json()) as { authorization_endpoint: string; token_endpoint: string };
}

function redirectUri(): string {
  return `${location.origin}${location.pathname}`;
}

/** Leaves for the issuer's sign-in page; `returnTo` is the fragment to come back to. */
export async function startOidcSignIn(config: OidcConfig, returnTo: string, scope: string): Promise<void> {
  const endpoints = await discovery(config);
  const verifier = randomText(32);
  const state = randomText(16);
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(pendingKey, JSON.stringify({ verifier, state, returnTo }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  location.assign(`${endpoints.authorization_endpoint}?${query.toString()}`);
}

/**
 * Back from the issuer: exchanges the code (checking the state it was sent with), stores the
 * tokens and answers where the person was going; undefined when this page load is not a return.
 */
export async function finishOidcSignIn(config: OidcConfig, store: TokenStore, fallback: string): Promise<string | undefined> {
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  if (!code) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(pendingKey) ?? 'null') as { verifier: string; state: string; returnTo: string } | null;
  sessionStorage.removeItem(pendingKey);
  history.replaceState(null, '', redirectUri());
  if (!pending || pending.state !== query.get('state')) throw new OidcRefused();
  const tokens = await oidcTokens(config, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri(),
    client_id: config.clientId,
    code_verifier: pending.verifier,
  });
  storeOidc(store, tokens);
  return pending.returnTo || fallback;
}

/** A fresh access token from the refresh token; undefined when the issuer will not give one. */
export async function refreshOidc(config: OidcConfig, store: TokenStore, refreshToken: string): Promise<string | undefined> {
  try {
    const tokens = await oidcTokens(config, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: config.clientId });
    storeOidc(store, tokens, refreshToken);
    return tokens.access_token;
  } catch {
    return undefined;
  }
}

async function oidcTokens(config: OidcConfig, form: Record<string, string>): Promise<OidcTokens> {
  const { token_endpoint } = await discovery(config);
  let response: Response;
  try {
    response = await fetch(token_endpoint, { method: 'POST', body: new URLSearchParams(form), credentials: 'omit' });
  } catch {
    throw new OidcUnreachable();
  }
  if (!response.ok) throw new OidcRefused();
  return (await response.json()) as OidcTokens;
}

function storeOidc(store: TokenStore, tokens: OidcTokens, previousRefresh?: string): void {
  const refreshToken = tokens.refresh_token ?? previousRefresh;
  const expiresAt = tokens.expires_in ? Date.now() + tokens.expires_in * 1000 : expiryOf(tokens.access_token);
  store.write({ accessToken: tokens.access_token, ...(refreshToken ? { refreshToken } : {}), expiresAt });
}
