import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { now } from '#lib/common/clock.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { logger } from '#lib/observability/logger.ts';
import { metrics, watchdogBreachesMetric } from '#lib/observability/metrics.ts';
import { watchNeeds } from '#lib/use-cases/watch-needs.ts';

const district = currentDistrict();

/** Runs every minute: waiting limits, missed releases, and needs without a step (see lib/use-cases/watch-needs.ts). */
export function watchNeedsNow(at: Date = now()) {
  return watchNeeds(district, at);
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler(async () => {
    const result = await watchNeedsNow();
    // Every run counts, zero included, so the alarm on breaches (infra/district-operations.ts) sees a live series.
    metrics.addMetric(watchdogBreachesMetric, MetricUnit.Count, result.escalated + result.flagged);
    return result;
  });
