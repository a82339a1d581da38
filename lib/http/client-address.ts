/**
 * The address that a per-client limit counts. Behind the district's CloudFront distribution the API
 * sees CloudFront's edge servers, not residents: a few edge addresses carry a whole city's requests,
 * so a limit on them would refuse one resident for others' submissions. CloudFront names the
 * viewer's own address in CloudFront-Viewer-Address (`<ip>:<port>`, IPv6 without brackets), which
 * the API behaviour's managed AllViewerExceptHostHeader origin request policy forwards with the
 * other CloudFront headers. The header is believed only on a request that carries the district's
 * origin secret (lib/http/edge-origin.ts), i.e. that CloudFront itself sent: from anyone else it
 * could name any address, and the request is counted by its source address as before.
 * An IPv6 client is counted by its /64 network: one household or phone holds a whole /64 and may
 * take a new address in it for every request.
 */
import { isIP } from 'node:net';
import { isEdgeSecret, originVerifyHeader } from './edge-origin.ts';
import type { HttpEvent } from './http-event.ts';

/** As HTTP API delivers headers: lower case. */
export const viewerAddressHeader = 'cloudfront-viewer-address';

type ClientEvent = Pick<HttpEvent, 'headers'> & { requestContext: { http: { sourceIp: string } } };

export function clientAddressOf(event: ClientEvent, edgeSecret: string | undefined = process.env.ORIGIN_VERIFY_SECRET): string {
  const source = event.requestContext.http.sourceIp;
  const edgeVerified = edgeSecret !== undefined && edgeSecret !== '' && isEdgeSecret(event.headers?.[originVerifyHeader], edgeSecret);
  const address = (edgeVerified ? viewerIpOf(event.headers?.[viewerAddressHeader]) : undefined) ?? source;
  return countedNetworkOf(address);
}

/**
 * What a limit counts for an address: an IPv4 address itself (an IPv4-mapped IPv6 one too), an
 * IPv6 address's /64 network as `a:b:c:d::/64`; anything else as it is.
 */
export function countedNetworkOf(address: string): string {
  const ip = address.replace(/%.*$/, '');
  if (isIP(ip) !== 6) return address;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  const [head = '', tail] = ip.split('::');
  // An embedded IPv4 address (last 32 bits) stands for two groups; it never reaches the first 64 bits.
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])));
  const leading = groupsOf(head);
  const trailing = tail === undefined ? [] : groupsOf(tail);
  const groups = tail === undefined ? leading : [...leading, ...Array<string>(8 - leading.length - trailing.length).fill('0'), ...trailing];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
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
