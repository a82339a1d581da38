import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { currentDistrict } from '#lib/district/current-district.ts';
import { logger } from '#lib/observability/logger.ts';
import { forwardAlarm } from '#lib/use-cases/forward-alarm.ts';

const district = currentDistrict();

/** Subscribed to the district's alarm topic: each alarm's change of state reaches the operators' channel. */
export async function forwardAlarms(event: SNSEvent) {
  const outcomes = [];
  // SNS hands a Lambda subscriber one record per invocation; the loop is bounded by the event.
  for (const record of event.Records) outcomes.push(await forwardAlarm(record.Sns.Message, district));
  return outcomes;
}

export const handler = middy<SNSEvent>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(forwardAlarms);
