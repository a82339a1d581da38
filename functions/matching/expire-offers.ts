import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { now } from '#lib/common/clock.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { logger } from '#lib/observability/logger.ts';
import { expireDueOffers } from '#lib/use-cases/expire-offers.ts';

const district = currentDistrict();

/**
 * Runs every minute: closes open offers past their deadline (see lib/use-cases/expire-offers.ts).
 * DynamoDB TTL is no use here: it deletes within days, not minutes.
 */
export function expireOffers(at: Date = now()) {
  return expireDueOffers(district, at);
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(() => expireOffers());
