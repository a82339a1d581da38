/**
 * Local stand-ins for Cognito access tokens: an ES256 key pair kept in `.local/jwt-signing-key.json`
 * (created on first use) and tokens shaped like Cognito's (`sub`, `cognito:groups`, `token_use`,
 * `client_id`), which the local gateway's JWT authorizer accepts.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

export const localIssuer = 'https://local.community-partners.invalid/issuer';
export const localClientId = 'community-partners-local';
export const tokenLifetimeSeconds = 12 * 60 * 60;

export const localRoles = ['operator', 'partner'] as const;
export type LocalRole = (typeof localRoles)[number];

const groupsByRole: Record<LocalRole, string[]> = { operator: ['operators'], partner: ['partners'] };

export interface LocalSigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function generateSigningKey(): Promise<LocalSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  const base = { kid, alg: 'ES256', use: 'sig' };
  return { kid, privateJwk: { ...(await exportJWK(privateKey)), ...base }, publicJwk: { ...(await exportJWK(publicKey)), ...base } };
}

/** The key in `path`, or a new one written there (mode 600: it signs operator tokens). */
export async function loadOrCreateSigningKey(path: string): Promise<LocalSigningKey> {
  if (existsSync(path)) {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as LocalSigningKey;
    if (!stored.kid || !stored.privateJwk?.d || !stored.publicJwk?.x)
      throw new Error(`${path} is not a signing key; delete it to make a new one`);
    return stored;
  }
  const key = await generateSigningKey();
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process (npm start, npm run token) wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSigningKey(path);
    throw error;
  }
  return key;
}

export interface TokenRequest {
  role: LocalRole;
  /**
   * Becomes `sub` and `username`, as Cognito puts a user's UUID in both: for a partner the subject
   * of its linked login (infra/local/local-accounts.ts), for an operator its name.
   */
  id: string;
  expiresInSeconds?: number;
  issuer?: string;
  clientId?: string;
  /** Extra or overriding claims, for tests of unusual tokens. */
  claims?: Record<string, unknown>;
}

export async function issueLocalToken(key: LocalSigningKey, request: TokenRequest): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const privateKey = await importJWK(key.privateJwk, 'ES256');
  return new SignJWT({
    'cognito:groups': groupsByRole[request.role],
    token_use: 'access',
    client_id: request.clientId ?? localClientId,
    username: request.id,
    auth_time: now,
    ...request.claims,
  })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setSubject(request.id)
    .setIssuer(request.issuer ?? localIssuer)
    .setIssuedAt(now)
    .setExpirationTime(now + (request.expiresInSeconds ?? tokenLifetimeSeconds))
    .setJti(randomUUID())
    .sign(privateKey);
}

export function isLocalRole(value: string): value is LocalRole {
  return (localRoles as readonly string[]).includes(value);
}
