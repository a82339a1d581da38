import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { dueOffers, writeClosedOffer } from '#lib/data/offers-repository.ts';
import { closeOffer } from '#lib/offers/offer.ts';
import { logger } from '#lib/observability/logger.ts';

/**
 * Runs every minute: closes open offers past their deadline and releases the partner's capacity.
 * The stream then carries each expiry to the cascade. DynamoDB TTL is no use here: it deletes
 * within days, not minutes.
 */
export async function expireOffers(now: Date = new Date()): Promise<{ expired: number; alreadyClosed: number }> {
  let expired = 0;
  let alreadyClosed = 0;
  for (;;) {
    const due = await dueOffers(now);
    for (const offer of due) {
      if (offer.status !== 'open') continue;
      const closed = await writeClosedOffer(closeOffer(offer, 'expired', now, 'no answer before the deadline'));
      if (closed) expired++;
      else alreadyClosed++;
    }
    if (due.length < 100) break;
  }
  if (expired + alreadyClosed > 0) logger.info('offers expired', { expired, alreadyClosed });
  return { expired, alreadyClosed };
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(() => expireOffers());
