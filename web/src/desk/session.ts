/**
 * An operator signing in to the desk and staying signed in, in this browser's storage (its own key:
 * not the partner app's session). How depends on `config.json` beside the page: `local` (npm start:
 * the operator's name, a token from the local key as `npm run token -- operator <name>` gives),
 * `cognito` (the operators' user pool, MFA required: ./cognito-sign-in.ts), `oidc` (the district's
 * issuer, authorization code with PKCE; the issuer enforces the second factor).
 */
import { cognitoClient } from '../staff-auth/cognito-call.ts';
import { finishOidcSignIn as finishOidc, type OidcConfig, startOidcSignIn as startOidc } from '../staff-auth/oidc.ts';
import { type AppConfig, validAccessToken } from '../staff-auth/refresh.ts';
import { expiryOf, storeCognitoTokens, tokenStore } from '../staff-auth/token-store.ts';
import { type OperatorSignIn, type OperatorStep, operatorSignIn } from './cognito-sign-in.ts';
import { w } from './words.ts';

export { type AppConfig, loadConfig } from '../staff-auth/refresh.ts';

const store = tokenStore('community-partners.desk-session');

export function signOut(): void {
  store.write(undefined);
}

export function isSignedIn(): boolean {
  return store.isSignedIn();
}

export function accessToken(config: AppConfig): Promise<string | undefined> {
  return validAccessToken(config, store);
}

export const localNamePattern = /^[\w.@-]{1,64}$/;

export class LocalSignInFailed extends Error {
  constructor(readonly reason: 'badName' | 'network' | 'server') {
    super(reason);
  }
}

/** Locally: the token `npm run token -- operator <name>` prints, from the running system's /_local/tokens. */
export async function signInLocally(nameInput: string): Promise<void> {
  const name = nameInput.trim();
  if (!localNamePattern.test(name)) throw new LocalSignInFailed('badName');
  let response: Response;
  try {
    response = await fetch('/_local/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'operator', id: name }),
      credentials: 'omit',
    });
  } catch {
    throw new LocalSignInFailed('network');
  }
  if (response.status === 400) throw new LocalSignInFailed('badName');
  if (!response.ok) throw new LocalSignInFailed('server');
  const { accessToken } = (await response.json()) as { accessToken: string };
  store.write({ accessToken, expiresAt: expiryOf(accessToken) });
}

/** The operators' pool's sign-in, whose last step stores the tokens. */
export function cognitoSignIn(config: { region: string; clientId: string }): OperatorSignIn {
  return operatorSignIn({ call: cognitoClient(config.region), clientId: config.clientId, issuerLabel: w('app.title') });
}

export function keepTokens(step: OperatorStep): boolean {
  if (step.kind !== 'signedIn') return false;
  storeCognitoTokens(store, step.tokens);
  return true;
}

export function startOidcSignIn(config: OidcConfig, returnTo: string): Promise<void> {
  return startOidc(config, returnTo, 'openid');
}

export async function finishOidcSignIn(config: AppConfig): Promise<string | undefined> {
  if (config.signIn.provider !== 'oidc') return undefined;
  return finishOidc(config.signIn, store, '#/worklist');
}
