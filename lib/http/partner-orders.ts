/**
 * The partner a request acts for: from its identity link, never from a username (403 without one).
 * Loading the offer or order itself is the use cases' (lib/use-cases/).
 */
import { callerPartnerId } from './caller-partner.ts';
import type { HttpEvent } from './http-event.ts';

export function partnerIdOf(event: HttpEvent): Promise<string> {
  return callerPartnerId(event);
}
