import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { now } from '#lib/common/clock.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { logger } from '#lib/observability/logger.ts';
import { recheckWaitingNeeds } from '#lib/use-cases/recheck-waiting-needs.ts';

const district = currentDistrict();

/** Runs every minute: waiting needs dispatched again in case a freed place was missed (see lib/use-cases/recheck-waiting-needs.ts). */
export function recheckWaitingNeedsNow(at: Date = now()) {
  return recheckWaitingNeeds(district, at);
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(() => recheckWaitingNeedsNow());
