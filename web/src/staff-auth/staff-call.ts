/**
 * A staff app's calls to the staff API with the signed-in person's token. Failures come back as
 * `NetworkError` (nothing reached us, or no answer in time), `SignedOut` (no token, or the API
 * answered 401) or `ApiError` (an answer with a status and, usually, an RFC 9457 problem).
 */
import { ApiError, NetworkError, type Problem } from '../api.ts';
import type { AppConfig } from './refresh.ts';

export class SignedOut extends Error {}

const timeoutMs = 20_000;

export type StaffCall = <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => Promise<T>;

export function staffCall(config: AppConfig, accessToken: () => Promise<string | undefined>): StaffCall {
  const base = (config.apiBaseUrl ?? '').replace(/\/+$/, '');
  return async <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> => {
    const token = await accessToken();
    if (!token) throw new SignedOut();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/json, application/problem+json',
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch (error) {
      throw new NetworkError(error);
    } finally {
      clearTimeout(timer);
    }
    const text = await response.text().catch(() => '');
    let payload: unknown;
    try {
      payload = text ? JSON.parse(text) : undefined;
    } catch {
      payload = undefined;
    }
    if (response.status === 401) throw new SignedOut();
    if (!response.ok)
      throw new ApiError(response.status, typeof payload === 'object' && payload !== null ? (payload as Problem) : undefined);
    return payload as T;
  };
}
