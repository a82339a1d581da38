/**
 * RFC 9457 problem details: the one mapping from typed domain errors to HTTP status and body.
 * Unknown errors become a 500 whose body says nothing about internals.
 */
import {
  Conflict,
  type FieldProblem,
  Forbidden,
  InvalidInput,
  MethodNotAllowed,
  NotFound,
  PayloadTooLarge,
  TooManyRequests,
  Unauthenticated,
} from '../common/domain-errors.ts';
import type { HttpResult } from './http-event.ts';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Array<FieldProblem & { pointer: string }>;
  [extension: string]: unknown;
}

const problemType = (slug: string) => `urn:community-partners:problem:${slug}`;

export function problemFor(error: unknown): ProblemDetails {
  if (error instanceof InvalidInput) {
    return {
      type: problemType('invalid-input'),
      title: 'The request has fields that are not valid',
      status: 400,
      detail: error.problems.map((problem) => `${problem.field}: ${problem.detail}`).join('; '),
      errors: error.problems.map((problem) => ({ ...problem, pointer: jsonPointer(problem.field) })),
    };
  }
  if (error instanceof Unauthenticated) {
    return { type: problemType('unauthenticated'), title: 'Sign-in required', status: 401, detail: error.message };
  }
  if (error instanceof Forbidden) {
    return {
      type: problemType('forbidden'),
      title: 'Not allowed for this caller',
      status: 403,
      detail: error.message,
      ...(error.code ? { code: error.code } : {}),
      ...(error.current ? { current: error.current } : {}),
    };
  }
  if (error instanceof NotFound) {
    return { type: problemType('not-found'), title: 'Not found', status: 404, detail: error.message };
  }
  if (error instanceof MethodNotAllowed) {
    return { type: problemType('method-not-allowed'), title: 'Method not allowed', status: 405, detail: error.message, allowed: error.allowed };
  }
  if (error instanceof Conflict) {
    return { type: problemType('conflict'), title: 'Conflicts with the current state', status: 409, detail: error.message, current: error.current };
  }
  if (error instanceof TooManyRequests) {
    return {
      type: problemType('too-many-requests'),
      title: 'Too many requests',
      status: 429,
      detail: error.message,
      code: error.code,
      ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    };
  }
  if (error instanceof PayloadTooLarge) {
    return { type: problemType('payload-too-large'), title: 'Request body too large', status: 413, detail: error.message, limitBytes: error.limitBytes };
  }
  return { type: problemType('internal'), title: 'Internal error', status: 500, detail: 'Something went wrong on our side; nothing was saved. Please try again.' };
}

export function problemResponse(problem: ProblemDetails, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(problem),
  };
}

function jsonPointer(field: string): string {
  if (field === '(body)') return '';
  return `/${field.split('.').map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}
