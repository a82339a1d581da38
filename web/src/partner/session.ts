/**
 * Signing in and staying signed in. How depends on the deployment, which says so in
 * `config.json` beside the page: `local` (npm start: a code by SMS into the local outbox, a token
 * from the local key, at /_local/sign-in), `cognito` (the district's user pool: USER_AUTH with an
 * SMS one-time code, called straight from the browser, refreshed with the refresh token), `oidc`
 * (another OpenID Connect issuer, where Cognito is absent: the authorization code flow with PKCE,
 * the issuer's own sign-in page doing the phone and code).
 * The tokens stay in this browser's storage; nothing else about the partner does.
 */

export type SignInConfig =
  | { provider: 'local' }
  | { provider: 'cognito'; region: string; clientId: string }
  | { provider: 'oidc'; issuer: string; clientId: string };

export interface AppConfig {
  signIn: SignInConfig;
  /** Where the staff API is (the cloud's ApiUrl); the page's own origin when absent. */
  apiBaseUrl?: string;
}

interface StoredSession {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms. */
  expiresAt: number;
}

const storageKey = 'community-partners.partner-session';

export class SignInError extends Error {
  constructor(
    readonly field: 'phone' | 'code' | 'form',
    readonly reason: 'badPhone' | 'badCode' | 'wrongCode' | 'tooMany' | 'network' | 'server' | 'notConfigured',
  ) {
    super(reason);
  }
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch('config.json', { cache: 'no-store', credentials: 'omit' });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  return (await response.json()) as AppConfig;
}

function read(): StoredSession | undefined {
  try {
    const raw = localStorage.getItem(storageKey);
    return raw ? (JSON.parse(raw) as StoredSession) : undefined;
  } catch {
    return undefined;
  }
}

function write(session: StoredSession | undefined): void {
  try {
    if (session) localStorage.setItem(storageKey, JSON.stringify(session));
    else localStorage.removeItem(storageKey);
  } catch {
    // Storage blocked: the session lasts as long as the page.
  }
  memory = session;
}

let memory: StoredSession | undefined = read();

export function signOut(): void {
  write(undefined);
}

export function isSignedIn(): boolean {
  return !!memory && memory.expiresAt > Date.now();
}

/** A valid access token, refreshed if it can be; undefined when the partner must sign in again. */
export async function accessToken(config: AppConfig): Promise<string | undefined> {
  const session = memory;
  if (!session) return undefined;
  if (session.expiresAt - 60_000 > Date.now()) return session.accessToken;
  if (config.signIn.provider === 'oidc' && session.refreshToken) {
    try {
      const tokens = await oidcTokens(config.signIn, { grant_type: 'refresh_token', refresh_token: session.refreshToken, client_id: config.signIn.clientId });
      storeOidc(tokens, session.refreshToken);
      return tokens.access_token;
    } catch {
      // Fall through: sign in again.
    }
  }
  if (config.signIn.provider === 'cognito' && session.refreshToken) {
    try {
      const result = await cognitoCall<{ AuthenticationResult?: CognitoTokens }>(config.signIn, 'InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: config.signIn.clientId,
        AuthParameters: { REFRESH_TOKEN: session.refreshToken },
      });
      if (result.AuthenticationResult) {
        store(result.AuthenticationResult, session.refreshToken);
        return result.AuthenticationResult.AccessToken;
      }
    } catch {
      // Fall through: sign in again.
    }
  }
  write(undefined);
  return undefined;
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
    write({ accessToken, expiresAt: expiryOf(accessToken) });
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
  store(answered.AuthenticationResult);
}

interface CognitoTokens {
  AccessToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
}

function store(tokens: CognitoTokens, previousRefresh?: string): void {
  const refreshToken = tokens.RefreshToken ?? previousRefresh;
  write({ accessToken: tokens.AccessToken, ...(refreshToken ? { refreshToken } : {}), expiresAt: Date.now() + tokens.ExpiresIn * 1000 });
}

function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return (payload.exp ?? 0) * 1000;
  } catch {
    return 0;
  }
}

async function localCall(path: string, body: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit' });
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

/** Cognito's user pool API, as its SDK calls it: a JSON POST naming the operation. */
async function cognitoCall<T>(config: { region: string }, operation: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`https://cognito-idp.${config.region}.amazonaws.com/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
      body: JSON.stringify(body),
      credentials: 'omit',
    });
  } catch {
    throw new SignInError('form', 'network');
  }
  if (response.ok) return (await response.json()) as T;
  const problem = (await response.json().catch(() => ({}))) as { __type?: string };
  const type = problem.__type ?? '';
  if (/CodeMismatch|ExpiredCode|NotAuthorized/.test(type)) throw new SignInError('code', 'wrongCode');
  if (/LimitExceeded|TooManyRequests/.test(type)) throw new SignInError('phone', 'tooMany');
  if (/UserNotFound|InvalidParameter/.test(type)) throw new SignInError('phone', 'badPhone');
  throw new SignInError('form', 'server');
}

// OpenID Connect: authorization code with PKCE (RFC 7636), for districts whose issuer is not Cognito.

interface OidcConfig {
  issuer: string;
  clientId: string;
}

interface OidcTokens {
  access_token: string;
  expires_in?: number;
  refresh_token?: string;
}

const pendingKey = 'community-partners.oidc-pending';

function randomText(bytes: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function discovery(config: OidcConfig): Promise<{ authorization_endpoint: string; token_endpoint: string }> {
  let response: Response;
  try {
    response = await fetch(`${config.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, { credentials: 'omit' });
  } catch {
    throw new SignInError('form', 'network');
  }
  if (!response.ok) throw new SignInError('form', 'server');
  return (await response.json()) as { authorization_endpoint: string; token_endpoint: string };
}

function redirectUri(): string {
  return `${location.origin}${location.pathname}`;
}

/** Leaves for the issuer's sign-in page; it comes back to this page with `?code=…&state=…`. */
export async function startOidcSignIn(config: OidcConfig, returnTo: string): Promise<void> {
  const endpoints = await discovery(config);
  const verifier = randomText(32);
  const state = randomText(16);
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(pendingKey, JSON.stringify({ verifier, state, returnTo }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid phone',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  location.assign(`${endpoints.authorization_endpoint}?${query.toString()}`);
}

/**
 * Back from the issuer: exchanges the code (checking the state it was sent with) and answers where
 * the partner was going; undefined when this page load is not a return from the issuer.
 */
export async function finishOidcSignIn(config: AppConfig): Promise<string | undefined> {
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  if (config.signIn.provider !== 'oidc' || !code) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(pendingKey) ?? 'null') as { verifier: string; state: string; returnTo: string } | null;
  sessionStorage.removeItem(pendingKey);
  history.replaceState(null, '', redirectUri());
  if (!pending || pending.state !== query.get('state')) throw new SignInError('form', 'server');
  const tokens = await oidcTokens(config.signIn, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri(),
    client_id: config.signIn.clientId,
    code_verifier: pending.verifier,
  });
  storeOidc(tokens);
  return pending.returnTo || '#/offers';
}

async function oidcTokens(config: OidcConfig, form: Record<string, string>): Promise<OidcTokens> {
  const { token_endpoint } = await discovery(config);
  let response: Response;
  try {
    response = await fetch(token_endpoint, { method: 'POST', body: new URLSearchParams(form), credentials: 'omit' });
  } catch {
    throw new SignInError('form', 'network');
  }
  if (!response.ok) throw new SignInError('form', 'server');
  return (await response.json()) as OidcTokens;
}

function storeOidc(tokens: OidcTokens, previousRefresh?: string): void {
  const refreshToken = tokens.refresh_token ?? previousRefresh;
  const expiresAt = tokens.expires_in ? Date.now() + tokens.expires_in * 1000 : expiryOf(tokens.access_token);
  write({ accessToken: tokens.access_token, ...(refreshToken ? { refreshToken } : {}), expiresAt });
}
