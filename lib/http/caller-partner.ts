/**
 * Which partner the caller acts for: the identity link (issuer, subject) → partner that an operator
 * wrote when giving the partner its login. Never the token's username or subject taken as a partner
 * id. Links are cached per container for a few minutes (a partner makes many requests in a row);
 * a missing link is not cached, so a login given a moment ago works at once.
 */
import { Forbidden, Unauthenticated } from '../common/domain-errors.ts';
import { getIdentityLink } from '../data/identity-repository.ts';
import { callerOf } from './caller.ts';
import type { HttpEvent } from './http-event.ts';

const cacheMillis = 5 * 60_000;
const cacheLimit = 1000;
const cache = new Map<string, { partnerId: string; until: number }>();

export async function callerPartnerId(event: HttpEvent, now = Date.now()): Promise<string> {
  const caller = callerOf(event);
  if (!caller) throw new Unauthenticated('a partner token is required');
  const key = `${caller.issuer}\n${caller.subject}`;
  const cached = cache.get(key);
  if (cached && cached.until > now) return cached.partnerId;
  const link = await getIdentityLink(caller.issuer, caller.subject);
  if (!link) {
    cache.delete(key);
    throw new Forbidden('this sign-in is not linked to a partner; ask the community to give you a login');
  }
  // Bounded: the oldest entry goes first (Map keeps insertion order).
  if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value as string);
  cache.set(key, { partnerId: link.partnerId, until: now + cacheMillis });
  return link.partnerId;
}

/** Forgets cached links, for tests that re-link an identity within one process. */
export function forgetCallerPartners(): void {
  cache.clear();
}
