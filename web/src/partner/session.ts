/**
 * Signing in and staying signed in. How depends on the deployment, which says so in
 * `config.json` beside the page: `local` (npm start: a code by SMS into the local outbox, a token
 * from the local key, at /_local/sign-in), `cognito` (the district's user pool: USER_AUTH with an
 * SMS one-time code, called straight from the browser, refreshed with the refresh token), `oidc`
 * (another OpenID Connect issuer, where Cognito is absent: the authorization code flow with PKCE,
 * the issuer's own sign-in page doing the phone and code).
 * The tokens stay in this browser's storage; nothing else about the partner does.
 */
import { CognitoFailure, cognitoClient } from '../staff-auth/cognito-call.ts';
import { finishOidcSignIn as finishOidc, OidcUnreachable, startOidcSignIn as startOidc, type OidcConfig } from '../staff-auth/oidc.ts';
import { type AppConfig, validAccessToken } from '../staff-auth/refresh.ts';
import { type CognitoTokens, expiryOf, storeCognitoTokens, tokenStore } from '../staff-auth/token-store.ts';

export { type AppConfig, loadConfig, type SignInConfig } from '../staff-auth/refresh.ts';

const store = tokenStore('community-partners.partner-session');

export class SignInError extends Error {
  constructor(
    readonly field: 'phone' | 'code' | 'form',
    readonly reason: 'badPhone' | 'badCode' | 'wrongCode' | 'tooMany' | 'network' | 'server' | 'notConfigured',
  ) {
    super(reason);
  }
}

export function signOut(): void {
  store.write(undefined);
}

export function isSignedIn(): boolean {
  return store.isSignedIn();
}

/** A valid access token, refreshed if it can be; undefined when the partner must sign in again. */
export function accessToken(config: AppConfig): Promise<string | undefined> {
  return validAccessToken(config, store);
}

/** Cognito's pending challenge between the two steps. */
let cognitoSession: string | undefined;

export function normalisedPhone(value: string): string | undefined {
  const digits = value.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}

export async function sendCode(config: AppConfig, phoneInput: string): Promise<string> {
  const phone = normalisedPhone(phoneInput);
  if (!phone) throw new SignInError('phone', 'badPhone');
  if (config.signIn.provider === 'local') {
    await localCall('/_local/sign-in/code', { phone });
  } else if (config.signIn.provider === 'cognito') {
    const started = await cognitoCall<{ Session?: string }>(config.signIn, 'InitiateAuth', {
      AuthFlow: 'USER_AUTH',
      ClientId: config.signIn.clientId,
      AuthParameters: { USERNAME: `+86${phone}`, PREFERRED_CHALLENGE: 'SMS_OTP' },
    });
    cognitoSession = started.Session;
  } else {
    throw new SignInError('form', 'notConfigured');
  }
  return phone;
}

export async function verifyCode(config: AppConfig, phone: string, codeInput: string): Promise<void> {
  const code = codeInput.replace(/\s/g, '');
  if (!/^\d{6}$/.test(code)) throw new SignInError('code', 'badCode');
  if (config.signIn.provider === 'local') {
    const { accessToken } = (await localCall('/_local/sign-in/token', { phone, code })) as { accessToken: string };
    store.write({ accessToken, expiresAt: expiryOf(accessToken) });
    return;
  }
  if (config.signIn.provider !== 'cognito' || !cognitoSession) throw new SignInError('code', 'wrongCode');
  const answered = await cognitoCall<{ AuthenticationResult?: CognitoTokens }>(config.signIn, 'RespondToAuthChallenge', {
    ChallengeName: 'SMS_OTP',
    ClientId: config.signIn.clientId,
    Session: cognitoSession,
    ChallengeResponses: { USERNAME: `+86${phone}`, SMS_OTP_CODE: code },
  });
  if (!answered.AuthenticationResult) throw new SignInError('code', 'wrongCode');
  storeCognitoTokens(store, answered.AuthenticationResult);
}

async function localCall(path: string, body: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    });
  } catch {
    throw new SignInError('form', 'network');
  }
  if (response.status === 429) throw new SignInError('phone', 'tooMany');
  if (response.status === 400) {
    const problem = (await response.json().catch(() => ({}))) as { errors?: Array<{ field: string }> };
    throw problem.errors?.[0]?.field === 'phone' ? new SignInError('phone', 'badPhone') : new SignInError('code', 'wrongCode');
  }
  if (!response.ok) throw new SignInError('form', 'server');
  return response.json();
}

async function cognitoCall<T>(config: { region: string }, operation: string, body: unknown): Promise<T> {
  try {
    return await cognitoClient(config.region)<T>(operation, body);
  } catch (error) {
    if (!(error instanceof CognitoFailure)) throw new SignInError('form', 'network');
    if (/CodeMismatch|ExpiredCode|NotAuthorized/.test(error.type)) throw new SignInError('code', 'wrongCode');
    if (/LimitExceeded|TooManyRequests/.test(error.type)) throw new SignInError('phone', 'tooMany');
    if (/UserNotFound|InvalidParameter/.test(error.type)) throw new SignInError('phone', 'badPhone');
    throw new SignInError('form', 'server');
  }
}

/** Leaves for the issuer's sign-in page; it comes back to this page with `?code=…&state=…`. */
export async function startOidcSignIn(config: OidcConfig, returnTo: string): Promise<void> {
  try {
    await startOidc(config, returnTo, 'openid phone');
  } catch (error) {
    throw new SignInError('form', error instanceof OidcUnreachable ? 'network' : 'server');
  }
}

/** Back from the issuer: where the partner was going; undefined when this page load is not a return. */
export async function finishOidcSignIn(config: AppConfig): Promise<string | undefined> {
  if (config.signIn.provider !== 'oidc') return undefined;
  try {
    return await finishOidc(config.signIn, store, '#/offers');
  } catch (error) {
    throw new SignInError('form', error instanceof OidcUnreachable ? 'network' : 'server');
  }
}
