import type { DynamoDBRecord } from 'aws-lambda';
import { refreshCandidateStanding } from '#lib/data/candidates-repository.ts';
import { logger } from '#lib/observability/logger.ts';
import { streamHandler } from '#lib/streams/stream-handler.ts';

/** A partner's standing or profile changed: its candidate projection items take the current standing. */
export async function projectPartnerStanding(record: DynamoDBRecord): Promise<void> {
  const pk = record.dynamodb?.Keys?.pk?.S;
  if (!pk?.startsWith('PARTNER#')) return;
  const partnerId = pk.slice('PARTNER#'.length);
  const projections = await refreshCandidateStanding(partnerId);
  logger.debug('candidate projection refreshed', { partnerId, projections });
}

export const handler = streamHandler(projectPartnerStanding);
