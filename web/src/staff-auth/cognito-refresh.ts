/** A fresh access token from Cognito for a refresh token (REFRESH_TOKEN_AUTH), kept in the store. */
import { type CognitoCall, cognitoClient } from './cognito-call.ts';
import { type CognitoTokens, storeCognitoTokens, type TokenStore } from './token-store.ts';

/** Undefined when Cognito refuses (revoked, or past the refresh token's life): sign in again. */
export async function refreshAtCognito(
  config: { region: string; clientId: string },
  store: TokenStore,
  refreshToken: string,
  call: CognitoCall = cognitoClient(config.region),
): Promise<string | undefined> {
  try {
    const result = await call<{ AuthenticationResult?: CognitoTokens }>('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: config.clientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    if (!result.AuthenticationResult) return undefined;
    // Cognito answers a refresh without a new refresh token: the one used stays.
    storeCognitoTokens(store, result.AuthenticationResult, refreshToken);
    return result.AuthenticationResult.AccessToken;
  } catch {
    return undefined;
  }
}
