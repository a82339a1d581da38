/**
 * The address that a per-client limit counts. Behind the district's CloudFront distribution the API
 * sees CloudFront's edge servers, not residents: a few edge addresses carry a whole city's requests,
 * so a limit on them would refuse one resident for others' submissions. CloudFront names the
 * viewer's own address in CloudFront-Viewer-Address (`<ip>:<port>`, IPv6 without brackets), which
 * the API behaviour's managed AllViewerExceptHostHeader origin request policy forwards with the
 * other CloudFront headers. The header is believed only on a request that carries the district's
 * origin secret (lib/http/edge-origin.ts), i.e. that CloudFront itself sent: from anyone else it
 * could name any address, and the request is counted by its source address as before.
 */
import { isIP } from 'node:net';
import { isEdgeSecret, originVerifyHeader } from './edge-origin.ts';
import type { HttpEvent } from './http-event.ts';

/** As HTTP API delivers headers: lower case. */
export const viewerAddressHeader = 'cloudfront-viewer-address';

type ClientEvent = Pick<HttpEvent, 'headers'> & { requestContext: { http: { sourceIp: string } } };

export function clientAddressOf(event: ClientEvent, edgeSecret: string | undefined = process.env.ORIGIN_VERIFY_SECRET): string {
  const source = event.requestContext.http.sourceIp;
  if (!edgeSecret || !isEdgeSecret(event.headers?.[originVerifyHeader], edgeSecret)) return source;
  return viewerIpOf(event.headers?.[viewerAddressHeader]) ?? source;
}

/** The IP address of a CloudFront-Viewer-Address value, or undefined when it is not `<ip>:<port>`. */
export function viewerIpOf(header: string | undefined): string | undefined {
  if (!header || header.length > 64) return undefined;
  const colon = header.lastIndexOf(':');
  const ip = header.slice(0, colon);
  const port = header.slice(colon + 1);
  if (colon <= 0 || !/^\d{1,5}$/.test(port)) return undefined;
  return isIP(ip) === 0 ? undefined : ip;
}
