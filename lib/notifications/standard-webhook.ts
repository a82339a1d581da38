/**
 * A Standard Webhooks request (https://www.standardwebhooks.com, spec 1.0.0): the JSON body, and
 * the `webhook-id`, `webhook-timestamp` (Unix seconds of this attempt) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed with the bytes of the
 * `whsec_<base64>` secret) headers. Signed with node:crypto; the tests check every signature with
 * the reference library's verifier. The id stays the same across retries; the timestamp and
 * signature are made per attempt.
 */
import { createHmac } from 'node:crypto';

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

const secretPrefix = 'whsec_';

/** The key bytes of a `whsec_<base64>` secret; anything but whole, canonical base64 is refused rather than signed with part of it. */
export function standardWebhookKey(secret: string): Buffer {
  const encoded = secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  // Buffer.from skips what is not base64: only a value that encodes back to itself was whole.
  if (key.length === 0 || key.toString('base64') !== encoded) {
    throw new Error('the Standard Webhooks secret is not whsec_ followed by the base64 of its key');
  }
  return key;
}

export function standardWebhookSignature(secret: string, messageId: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', standardWebhookKey(secret)).update(`${messageId}.${timestamp}.${body}`).digest('base64')}`;
}

export function standardWebhookRequest(secret: string, messageId: string, payload: unknown, attemptAt: Date): SignedRequest {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(attemptAt.getTime() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': messageId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': standardWebhookSignature(secret, messageId, timestamp, body),
    },
  };
}
