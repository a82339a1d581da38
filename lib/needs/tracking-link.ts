/**
 * The tracking link in residents' text messages needs the need's tracking token, which is never
 * stored in clear. It is kept sealed (AES-256-GCM, as the idempotency record does) under the
 * deployment's link secret (TRACKING_LINK_SECRET), which is not in the table: reading the table
 * alone gives no token. Without a secret nothing is kept and the messages link to the tracking page
 * without the token (the resident's browser may still hold it). Pure.
 */
import { sealTrackingToken, unsealTrackingToken } from './submit-request.ts';

const purpose = 'tracking-link:';

export function sealForLink(token: string, secret: string): string {
  return sealTrackingToken(token, `${purpose}${secret}`);
}

export function unsealForLink(sealed: string, secret: string): string | undefined {
  return unsealTrackingToken(sealed, `${purpose}${secret}`);
}
