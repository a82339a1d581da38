/**
 * A staff app's calls to the staff API with the signed-in person's token. Failures come back as
 * `NetworkError` (nothing reached us, or no answer in time), `SignedOut` (no token, or the API
 * answered 401) or `ApiError` (an answer with a status and, usually, an RFC 9457 problem).
 */
import { ApiError, problemOf, requestJson } from '../api.ts';
import type { AppConfig } from './refresh.ts';

export class SignedOut extends Error {}

export type StaffCall = <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => Promise<T>;

export function staffCall(config: AppConfig, accessToken: () => Promise<string | undefined>): StaffCall {
  const base = (config.apiBaseUrl ?? '').replace(/\/+$/, '');
  return async <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> => {
    const token = await accessToken();
    if (!token) throw new SignedOut();
    const reply = await requestJson(`${base}${path}`, method, { body, headers: { authorization: `Bearer ${token}` } });
    if (reply.status === 401) throw new SignedOut();
    if (!reply.ok) throw new ApiError(reply.status, problemOf(reply.payload));
    return reply.payload as T;
  };
}
