/**
 * A staff app's tokens in this browser's storage (one key per app, so a partner and an operator
 * signed in on one machine do not share a session), with the copy in memory when storage is blocked.
 */

export interface StoredSession {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface TokenStore {
  current(): StoredSession | undefined;
  write(session: StoredSession | undefined): void;
  isSignedIn(): boolean;
}

export function tokenStore(storageKey: string): TokenStore {
  const read = (): StoredSession | undefined => {
    try {
      const raw = localStorage.getItem(storageKey);
      return raw ? (JSON.parse(raw) as StoredSession) : undefined;
    } catch {
      return undefined;
    }
  };
  let memory = read();
  return {
    current: () => memory,
    write(session) {
      try {
        if (session) localStorage.setItem(storageKey, JSON.stringify(session));
        else localStorage.removeItem(storageKey);
      } catch {
        // Storage blocked: the session lasts as long as the page.
      }
      memory = session;
    },
    isSignedIn: () => !!memory && memory.expiresAt > Date.now(),
  };
}

/** A JWT's `exp` in epoch ms (0 when it cannot be read: the session counts as expired). */
export function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return (payload.exp ?? 0) * 1000;
  } catch {
    return 0;
  }
}

/** Cognito's tokens as InitiateAuth and RespondToAuthChallenge return them in `AuthenticationResult`. */
export interface CognitoTokens {
  AccessToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
}

export function storeCognitoTokens(store: TokenStore, tokens: CognitoTokens, previousRefresh?: string): void {
  const refreshToken = tokens.RefreshToken ?? previousRefresh;
  store.write({
    accessToken: tokens.AccessToken,
    ...(refreshToken ? { refreshToken } : {}),
    expiresAt: Date.now() + tokens.ExpiresIn * 1000,
  });
}
