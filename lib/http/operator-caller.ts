import { Unauthenticated } from '../common/domain-errors.ts';
import { callerOf } from './caller.ts';
import type { HttpEvent } from './http-event.ts';

/** The operator's identity as the caller's token names it, recorded as who did an action. */
export function operatorIdOf(event: HttpEvent): string {
  const caller = callerOf(event);
  if (!caller) throw new Unauthenticated('an operator token is required');
  return caller.subject;
}
