/**
 * Signing in and staying signed in. How depends on the deployment, which says so in
 * `config.json` beside the page: `local` (npm start: a code by SMS into the local outbox, a token
 * from the local key, at /_local/sign-in), `cognito` (the district's user pool: USER_AUTH with an
 * SMS one-time code, called straight from the browser, refreshed with the refresh token).
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
