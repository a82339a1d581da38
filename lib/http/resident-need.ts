/**
 * Loads the need a resident's request is about, for the holder of its tracking token only (see
 * lib/use-cases/resident-needs.ts): a wrong or missing token answers exactly like an unknown id.
 */
import type { Need } from '../needs/need.ts';
import { needOfTokenHolder } from '../use-cases/resident-needs.ts';
import type { HttpEvent } from './http-event.ts';

export function needForResident(event: HttpEvent): Promise<Need> {
  return needOfTokenHolder(event.pathParameters?.id ?? '', event.headers['x-tracking-token']);
}
