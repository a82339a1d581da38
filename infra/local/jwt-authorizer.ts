/**
 * The HTTP API JWT authorizer, locally: takes the Authorization header (a `Bearer ` prefix is
 * optional, as in API Gateway), checks signature (by `kid`), `exp`/`nbf`/`iat`, issuer, and
 * audience (`aud`, or `client_id` when there is no `aud`), and hands the handler the claims the way
 * API Gateway does: every value a string, arrays as `[a b]` (Go's rendering), numbers in decimal.
 * Refusals carry API Gateway's `www-authenticate` header; the body is the gateway's to write.
 */
import type { APIGatewayEventRequestContextJWTAuthorizer } from 'aws-lambda';
import { createLocalJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import type { LocalSigningKey } from './tokens.ts';

export interface JwtAuthorizerConfig {
  keys: Pick<LocalSigningKey, 'publicJwk'>[];
  issuer: string;
  audience: string[];
}

export type AuthorizerOutcome =
  | { authorized: true; authorizer: APIGatewayEventRequestContextJWTAuthorizer }
  | { authorized: false; wwwAuthenticate: string; reason: string };

export type JwtAuthorizer = (authorizationHeader: string | undefined) => Promise<AuthorizerOutcome>;

export function createJwtAuthorizer(config: JwtAuthorizerConfig): JwtAuthorizer {
  const keySet = createLocalJWKSet({ keys: config.keys.map((key) => key.publicJwk) });
  return async (header) => {
    const token = header
      ?.trim()
      .replace(/^Bearer\s+/i, '')
      .trim();
    if (!token) return refuse('no token in the Authorization header', undefined);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keySet, { issuer: config.issuer, requiredClaims: ['exp'] }));
    } catch (error) {
      return refuse(describeFailure(error), describeFailure(error));
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.iat === 'number' && payload.iat > now + 5) return refuse('iat is in the future', 'the token is not valid yet');
    if (!hasValidAudience(payload, config.audience)) return refuse('no valid audience', 'the token does not have a valid audience');
    return { authorized: true, authorizer: { jwt: { claims: flattenClaims(payload), scopes: scopesOf(payload) } } };
  };
}

function refuse(reason: string, description: string | undefined): AuthorizerOutcome {
  const wwwAuthenticate = description === undefined ? 'Bearer' : `Bearer scope="" error="invalid_token" error_description="${description}"`;
  return { authorized: false, wwwAuthenticate, reason };
}

function describeFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss') return 'the token does not have a valid issuer';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') return 'the token is not valid yet';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key matches the token kid';
  return 'the token is malformed or invalid';
}

/** API Gateway checks `aud` when present and `client_id` only otherwise. */
function hasValidAudience(payload: JWTPayload, audience: string[]): boolean {
  if (payload.aud !== undefined) {
    const values = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return values.some((value) => audience.includes(value));
  }
  return typeof payload.client_id === 'string' && audience.includes(payload.client_id);
}

function scopesOf(payload: JWTPayload): string[] | null {
  if (typeof payload.scope === 'string') return payload.scope.split(' ').filter(Boolean);
  if (Array.isArray(payload.scp)) return payload.scp.map(String);
  return null;
}

export function flattenClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, goString(value)]));
}

/** How API Gateway (written in Go) prints a JSON value: `[a b]` for arrays, `map[k:v]` for objects. */
function goString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return `[${value.map(goString).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([key, item]) => `${key}:${goString(item)}`).join(' ')}]`;
  }
  return String(value);
}
