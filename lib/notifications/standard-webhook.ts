/**
 * A Standard Webhooks request (https://www.standardwebhooks.com, spec 1.0.0): the JSON body, and
 * the `webhook-id`, `webhook-timestamp` (Unix seconds of this attempt) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`) headers, signed with the reference
 * library so any Standard Webhooks verifier accepts it. The id stays the same across retries; the
 * timestamp and signature are made per attempt.
 */
import { Webhook } from 'standardwebhooks';

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

export function standardWebhookRequest(secret: string, messageId: string, payload: unknown, attemptAt: Date): SignedRequest {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': messageId,
      'webhook-timestamp': String(Math.floor(attemptAt.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(messageId, attemptAt, body),
    },
  };
}
