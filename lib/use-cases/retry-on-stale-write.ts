/**
 * The one read-decide-write loop of the use cases: `attempt` reads what it needs, decides, and
 * writes conditionally; when the write finds the record changed since it was read (StaleWrite), it
 * runs again on a fresh read. A few rounds settle any honest race; past them the caller is told the
 * state kept moving (409 for a person, an error for a stream record, which is then retried).
 */
import { Conflict } from '../common/domain-errors.ts';
import { StaleWrite } from '../data/needs-repository.ts';

export { StaleWrite };

export interface RetryOptions {
  rounds?: number;
  /** What to throw when every round lost its race; a 409 Conflict by default. */
  exhausted?: () => Error;
}

export async function retryOnStaleWrite<T>(what: string, attempt: (round: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const rounds = options.rounds ?? 3;
  for (let round = 1; round <= rounds; round++) {
    try {
      return await attempt(round);
    } catch (error) {
      if (!(error instanceof StaleWrite)) throw error;
    }
  }
  throw options.exhausted?.() ?? new Conflict(`${what}: the record changed while it was being written; look at it again`);
}

/** Turns a conditional write's outcome into the loop's signal: anything but `written` is a stale write. */
export function expectWritten(outcome: string, what: string): void {
  if (outcome !== 'written') throw new StaleWrite(`${what}: ${outcome}`);
}
