/** What one attempt to deliver on a channel came to. */
export type AttemptResult = { ok: true; statusCode?: number } | { ok: false; error: string; retryable: boolean; statusCode?: number };

/** One attempt at the given instant (webhooks sign with it, DingTalk's URL carries it). */
export type Attempt = (attemptAt: Date) => Promise<AttemptResult>;
