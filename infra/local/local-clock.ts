/**
 * Local only: the time the use cases read (lib/common/clock.ts) can be moved, for trying duty hours
 * without waiting for them ("a need posted at night is answered in the morning"). The clock keeps
 * running from the instant set. GET /_local/clock reads it; PUT /_local/clock `{ "at": "<ISO>" }`
 * sets it, `{ "at": null }` goes back to the machine's clock. Tokens keep using the machine's clock.
 */
import { now, useClock } from '#lib/common/clock.ts';

export function localClockAnswer(method: string, body: Buffer): { statusCode: number; body: unknown } {
  if (method === 'PUT') {
    let at: unknown;
    try {
      at = (JSON.parse(body.toString('utf8') || '{}') as { at?: unknown }).at;
    } catch {
      return { statusCode: 400, body: { title: 'body is not JSON', errors: [{ field: '(body)', code: 'invalid_json', detail: 'send { "at": "<ISO date-time>" | null }' }] } };
    }
    if (at === null) useClock(undefined);
    else if (typeof at === 'string' && !Number.isNaN(Date.parse(at))) {
      const offsetMs = Date.parse(at) - Date.now();
      useClock(() => new Date(Date.now() + offsetMs));
    } else {
      return { statusCode: 400, body: { title: 'bad clock', errors: [{ field: 'at', code: 'invalid_format', detail: 'an ISO 8601 date-time with a zone, or null' }] } };
    }
  } else if (method !== 'GET') {
    return { statusCode: 405, body: { title: 'GET or PUT' } };
  }
  return { statusCode: 200, body: { now: now().toISOString(), machine: new Date().toISOString() } };
}
