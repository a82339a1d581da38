/**
 * The few API calls the resident pages make, same origin. Failures come back as two kinds:
 * `NetworkError` (nothing reached us, or no answer in time: the data is still on the page) and
 * `ApiError` (the server answered with a status, usually with an RFC 9457 problem body).
 */
import type { Localized } from './i18n.ts';

export interface Catalog {
  district: { id: string; name: Localized; timeZone: string };
  categories: Array<{ code: string; label: Localized; escalateOnly: boolean }>;
  communities: Array<{ id: string; name: Localized; subdistrict?: Localized; grids: Array<{ id: string; name: Localized }> }>;
}

export interface NeedSubmission {
  category: string;
  description: string;
  communityId: string;
  gridId?: string;
  address?: string;
  preferredWindow?: { from: string; to: string };
  urgency: 'normal' | 'urgent';
  specialGroups: string[];
  contact: { name: string; phone: string };
  consent: { personalInfo: true; sensitive: boolean };
}

/** While a new phone number's need awaits its SMS code: where it went (masked) and what is left. */
export interface Confirmation {
  sentTo?: string;
  expiresAt: string;
  triesLeft: number;
  codesLeft: number;
  /** 0: another code may be asked for now; absent: no more codes for this need. */
  resendAfterSeconds?: number;
}

export interface SubmitResult {
  id: string;
  trackingToken: string;
  /** `awaitingConfirmation`: the need is saved and waits for the SMS code. */
  status: string;
  confirmation?: Confirmation;
}

export interface NeedView {
  id: string;
  status: string;
  statusLabel?: Localized;
  category: string;
  communityId: string;
  gridId?: string;
  urgency?: string;
  preferredWindow?: { from: string; to: string };
  createdAt: string;
  updatedAt: string;
  timeline: Array<{ status: string; at: string; reason?: string; label?: Localized }>;
  partner?: { name: Localized };
  /** Once accepted: when the partner can come, in plain words. */
  availability?: Localized;
  /** While offered: when the partner answers at the latest ("最晚今天10:40前答复"). */
  answerBy?: Localized & { at: string };
  /** While waiting for a free partner: its place in the queue. */
  waiting?: { since: string; position?: number };
  /** Once closed by staff: the outcome in plain words. */
  closure?: { outcome: string; label: Localized };
  /** While a new phone number awaits its SMS code. */
  confirmation?: Confirmation;
  canCancel?: boolean;
  canRate?: boolean;
  rating?: { stars: number; comment?: string; tags?: string[] };
}

export interface RatingInput {
  stars: number;
  comment?: string;
  tags?: string[];
}

export interface FieldProblem {
  field: string;
  pointer?: string;
  code?: string;
  detail?: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldProblem[];
  /** On a 409: the state the request ran into (e.g. `{ status: 'completed', rated: true }`, or a duplicate need). */
  current?: { status?: string; rated?: boolean; code?: string; existingNeedId?: string };
  /** On a 429: which limit (`client_rate`, `phone_open_limit`, `phone_daily_limit`); on a 403, `partner_not_active` for a suspended partner. */
  code?: string;
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : 'network error');
    this.name = 'NetworkError';
  }
}

const timeoutMs = 20_000;

function apiBase(): string {
  // A deployment that serves the pages apart from the API names the API's origin in <meta name="api-base">.
  const meta = document.querySelector<HTMLMetaElement>('meta[name="api-base"]');
  return (meta?.content ?? '').replace(/\/+$/, '');
}

/** One JSON request with a time limit: the status and the body parsed (undefined when empty or not JSON). */
export async function requestJson(
  url: string,
  method: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; ok: boolean; payload: unknown }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json, application/problem+json',
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
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
  let payload: unknown;
  try {
    const text = await response.text();
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  return { status: response.status, ok: response.ok, payload };
}

/** The problem details of a refusal's body, if it has any. */
export function problemOf(payload: unknown): Problem | undefined {
  return isProblem(payload) ? payload : undefined;
}

async function call<T>(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const reply = await requestJson(`${apiBase()}${path}`, method, options);
  if (!reply.ok) throw new ApiError(reply.status, problemOf(reply.payload));
  return reply.payload as T;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function getCatalog(): Promise<Catalog> {
  return call<Catalog>('GET', '/catalog');
}

export function submitNeed(submission: NeedSubmission, idempotencyKey: string): Promise<SubmitResult> {
  return call<SubmitResult>('POST', '/needs', { body: submission, headers: { 'Idempotency-Key': idempotencyKey } });
}

const needPath = (id: string) => `/needs/${encodeURIComponent(id)}`;

export function getNeed(id: string, token: string): Promise<NeedView> {
  return call<NeedView>('GET', needPath(id), { headers: { 'X-Tracking-Token': token } });
}

export function cancelNeed(id: string, token: string, reason?: string): Promise<NeedView> {
  return call<NeedView>('POST', `${needPath(id)}/cancel`, { body: reason ? { reason } : {}, headers: { 'X-Tracking-Token': token } });
}

/** The SMS code that confirms a new phone number: the need then goes on (200 with its page). */
export function confirmCode(id: string, token: string, code: string): Promise<NeedView> {
  return call<NeedView>('POST', `${needPath(id)}/confirmation`, { body: { code }, headers: { 'X-Tracking-Token': token } });
}

/** Another SMS code (202), after the wait the last answer said. */
export function resendCode(id: string, token: string): Promise<{ id: string; status: string; confirmation: Confirmation }> {
  return call('POST', `${needPath(id)}/confirmation`, { body: { resend: true }, headers: { 'X-Tracking-Token': token } });
}

export function rateNeed(id: string, token: string, rating: RatingInput): Promise<unknown> {
  return call<unknown>('POST', `${needPath(id)}/rating`, { body: rating, headers: { 'X-Tracking-Token': token } });
}

/** A random key per form attempt; `crypto.randomUUID` needs a secure context, so fall back to getRandomValues. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The tracking page's address for a need: the token rides in the fragment, which browsers never send to a server. */
export function trackingUrl(id: string, token: string, from: string = location.href): string {
  const fragment = new URLSearchParams({ id, token }).toString();
  return new URL(`track.html#${fragment}`, from).href;
}
