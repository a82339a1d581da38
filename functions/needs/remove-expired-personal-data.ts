import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { currentDistrict } from '#lib/district/current-district.ts';
import { logger } from '#lib/observability/logger.ts';
import { removeDuePersonalData } from '#lib/use-cases/remove-personal-data.ts';

const district = currentDistrict();

/** Runs every hour: removes contact, address and free text from needs that ended `privacy.retentionDays` ago. */
export async function removeExpiredPersonalData(now: Date = new Date()) {
  const outcome = await removeDuePersonalData(now, district.privacy);
  if (outcome.removed + outcome.skipped > 0) logger.info('personal data removed', outcome);
  return outcome;
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(() => removeExpiredPersonalData());
