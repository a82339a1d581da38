/**
 * Typed errors the domain and handlers throw. They say what went wrong in domain terms; the HTTP
 * error middleware (lib/http/problem-responses.ts) is the one place that maps them to status codes.
 */
export interface FieldProblem {
  /** Dotted path of the field at fault, e.g. `contact.phone`; `(body)` for the whole body. */
  field: string;
  /** Machine-readable reason, e.g. `invalid_format`, `too_big`, `unknown_value`. */
  code: string;
  detail: string;
}

export abstract class DomainError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInput extends DomainError {
  constructor(readonly problems: FieldProblem[]) {
    super(`Invalid input: ${problems.map((problem) => `${problem.field} (${problem.detail})`).join('; ')}`);
  }
}

export class PayloadTooLarge extends DomainError {
  constructor(readonly limitBytes: number) {
    super(`The body is larger than ${limitBytes} bytes`);
  }
}

export class NotFound extends DomainError {
  constructor(readonly what: string) {
    super(`${what} was not found`);
  }
}

export class Conflict extends DomainError {
  /** `current` describes the state that made the request impossible (e.g. `{ status: 'accepted' }`). */
  constructor(
    message: string,
    readonly current?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class Forbidden extends DomainError {
  /** `code` names why for machines (e.g. `partner_not_active`); `current` the state behind it (e.g. `{ partnerStatus: 'suspended' }`). */
  constructor(
    message?: string,
    readonly code?: string,
    readonly current?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Too many requests from one client or for one phone number; `message` is for the resident, in Chinese. */
export class TooManyRequests extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number | undefined,
    readonly code: string,
  ) {
    super(message);
  }
}

export class Unauthenticated extends DomainError {}

export class MethodNotAllowed extends DomainError {
  constructor(readonly allowed: string[]) {
    super(`Allowed methods: ${allowed.join(', ')}`);
  }
}
