import { clientAddressOf } from '#lib/http/client-address.ts';
import { correlationIdOf } from '#lib/http/correlation-id.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { needSubmissionSchema } from '#lib/needs/need-submission.ts';
import { logger } from '#lib/observability/logger.ts';
import { liveDistrict } from '#lib/settings/live-district.ts';
import { submitNeed as submit } from '#lib/use-cases/submit-need.ts';

export async function submitNeed(event: HttpEvent) {
  const submission = parseInput(needSubmissionSchema, event.jsonBody);
  const { result, replayed } = await submit(
    {
      submission,
      idempotencyKey: event.headers['idempotency-key'],
      clientAddress: clientAddressOf(event),
      correlationId: correlationIdOf(event),
    },
    // The operators' live settings: enabled categories change without a redeploy.
    await liveDistrict(),
  );
  if (replayed) {
    logger.info('submit replayed', { needId: result.id });
    return jsonResponse(201, result, { location: `/needs/${result.id}`, 'idempotent-replayed': 'true' });
  }
  logger.info('need submitted', { needId: result.id, category: submission.category, communityId: submission.communityId, urgency: submission.urgency });
  return jsonResponse(201, result, { location: `/needs/${result.id}` });
}

export const handler = httpHandler(submitNeed, { jsonBody: true });
