import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { now } from '#lib/common/clock.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { logger } from '#lib/observability/logger.ts';
import { watchNeeds } from '#lib/use-cases/watch-needs.ts';

const district = currentDistrict();

/** Runs every minute: waiting limits, missed releases, and needs without a step (see lib/use-cases/watch-needs.ts). */
export function watchNeedsNow(at: Date = now()) {
  return watchNeeds(district, at);
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(() => watchNeedsNow());
