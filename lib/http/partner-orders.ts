/**
 * Who the calling partner is: the token's subject. Unknown offer and order ids answer 404 in the
 * use cases; whose it is, the order steps decide (403).
 */
import { Unauthenticated } from '../common/domain-errors.ts';
import { callerOf } from './caller.ts';
import type { HttpEvent } from './http-event.ts';

export function partnerIdOf(event: HttpEvent): string {
  const caller = callerOf(event);
  if (!caller) throw new Unauthenticated('a partner token is required');
  return caller.subject;
}
