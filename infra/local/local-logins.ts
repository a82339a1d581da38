/**
 * The local runtime's stand-in for the user pool: partners' logins by mobile number, each with a
 * generated UUID subject as Cognito gives (one JSON object per line in `.local/logins.jsonl`, or in
 * memory). POST /partners/{id}/login creates them through the LoginDirectory interface; the local
 * sign-in page finds them by phone. The identity links themselves live in the table, as in the cloud.
 */
import { randomUUID } from 'node:crypto';
import type { LoginDirectory, PartnerLogin } from '#lib/accounts/login-directory.ts';
import { fileJsonLines, type JsonLines, memoryJsonLines } from './json-lines.ts';
import { localIssuer } from './tokens.ts';

export interface LocalLogin {
  phone: string;
  subject: string;
  createdAt: string;
}

export interface LocalLogins extends LoginDirectory {
  readonly location: string;
  findByPhone(phone: string): LocalLogin | undefined;
}

export function fileLocalLogins(path: string): LocalLogins {
  return localLogins(fileJsonLines<LocalLogin>(path));
}

export function memoryLocalLogins(): LocalLogins {
  return localLogins(memoryJsonLines<LocalLogin>());
}

function localLogins(lines: JsonLines<LocalLogin>): LocalLogins {
  const findByPhone = (phone: string) => lines.list().find((login) => login.phone === phone);
  return {
    name: 'local',
    location: lines.location,
    findByPhone,
    async partnerLogin(phone: string): Promise<PartnerLogin> {
      const existing = findByPhone(phone);
      if (existing) return { issuer: localIssuer, subject: existing.subject };
      const login = { phone, subject: randomUUID(), createdAt: new Date().toISOString() };
      lines.append(login);
      return { issuer: localIssuer, subject: login.subject };
    },
  };
}
