/**
 * The deployment's tracking-link secret (lib/needs/tracking-link.ts). In the cloud it is one
 * Secrets Manager secret per district, named by TRACKING_LINK_SECRET_ARN (the stack generates it;
 * its value is never in the template or the environment) and granted only to the functions that
 * seal or open links, which read it through the Parameters and Secrets Lambda Extension
 * (secrets-extension.ts). It is read once per execution environment, on first use (not at start-up:
 * the extension answers only during invocations), and kept for the
 * environment's life (it is not rotated: see infra/tracking-link-secret.ts). The local runtime
 * supplies the value itself in TRACKING_LINK_SECRET, which wins. Neither set: no secret, and
 * residents' messages link to the tracking page without the token.
 */
import { secretStringFromExtension } from './secrets-extension.ts';

/** Shorter than this is not a secret the stack generated (64 characters) or one worth sealing with. */
export const minimumSecretLength = 32;

/** The secret as stored: a string of at least 32 characters, surrounding white space ignored. */
export function parseTrackingLinkSecret(stored: string | undefined): string {
  const value = stored?.trim() ?? '';
  if (value.length < minimumSecretLength) {
    throw new Error(`the tracking-link secret holds ${value.length} characters, fewer than ${minimumSecretLength}: not the generated secret`);
  }
  return value;
}

/**
 * One read shared by every caller of the environment (concurrent first calls wait for the same
 * one); a failed read is not kept, so the next call (the stream's retry) reads again.
 */
export function cachedSecretReader(read: () => Promise<string | undefined>): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= read()
      .then(parseTrackingLinkSecret)
      .catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
    return pending;
  };
}

let readThroughExtension: (() => Promise<string>) | undefined;

export async function trackingLinkSecret(): Promise<string | undefined> {
  const local = process.env.TRACKING_LINK_SECRET;
  if (local) return local;
  const arn = process.env.TRACKING_LINK_SECRET_ARN;
  if (!arn) return undefined;
  readThroughExtension ??= cachedSecretReader(() => secretStringFromExtension(arn));
  return readThroughExtension();
}
