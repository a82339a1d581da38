/**
 * Key builders for the single table, one per item type. Every access pattern the system uses is
 * listed here with the key or index that answers it; add the pattern here before using it.
 *
 * | access pattern                                | how                                                             |
 * |-----------------------------------------------|-----------------------------------------------------------------|
 * | a need with its timeline, by id               | GetItem  pk=NEED#<id>, sk=NEED                                   |
 * | a need's offers, in attempt order             | Query    pk=NEED#<id>, sk begins_with OFFER#                     |
 * | an offer by id (`<needId>.<attempt>`)         | GetItem  pk=NEED#<needId>, sk=OFFER#<attempt, 3 digits>          |
 * | replay of a submit by its Idempotency-Key     | GetItem  pk=IDEMPOTENCY#<sha256(key)>, sk=IDEMPOTENCY            |
 * | a community's needs, newest first (reports)   | Query itemsByOwner gsi3pk=COMMUNITY#<id>, gsi3sk=NEED#<createdAt> |
 * | a partner's profile / live standing           | GetItem  pk=PARTNER#<id>, sk=PROFILE / STANDING                  |
 * | partners able to serve a category (matching)  | Query partnersByCategory gsi1pk=CATEGORY#<code>                  |
 * | open offers whose deadline has passed         | Query workQueues gsi2pk=QUEUE#openOffers, gsi2sk <= now          |
 * | escalated needs, oldest first (operators)     | Query workQueues gsi2pk=QUEUE#escalatedNeeds                     |
 * | a partner's offers, newest first              | Query itemsByOwner gsi3pk=PARTNER#<id>, gsi3sk begins_with OFFER# |
 */
export const needKey = (needId: string) => ({ pk: `NEED#${needId}`, sk: 'NEED' });

export const needByCommunityIndexKey = (communityId: string, createdAt: string) => ({
  gsi3pk: `COMMUNITY#${communityId}`,
  gsi3sk: `NEED#${createdAt}`,
});

export const offerSortKeyPrefix = 'OFFER#';

export const offerKey = (needId: string, attempt: number) => ({
  pk: `NEED#${needId}`,
  sk: `${offerSortKeyPrefix}${String(attempt).padStart(3, '0')}`,
});

export const offerByPartnerIndexKey = (partnerId: string, createdAt: string) => ({
  gsi3pk: `PARTNER#${partnerId}`,
  gsi3sk: `${offerSortKeyPrefix}${createdAt}`,
});

export type WorkQueue = 'openOffers' | 'escalatedNeeds';

/** Sparse: an item is in a queue only while it carries these attributes. */
export const workQueueIndexKey = (queue: WorkQueue, dueAt: string, itemId: string) => ({
  gsi2pk: `QUEUE#${queue}`,
  gsi2sk: `${dueAt}#${itemId}`,
});

export const idempotencyKey = (keyHash: string) => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' });

export const partnerKey = (partnerId: string) => ({ pk: `PARTNER#${partnerId}`, sk: 'PROFILE' });

export const partnerStandingKey = (partnerId: string) => ({ pk: `PARTNER#${partnerId}`, sk: 'STANDING' });

export const partnerCapabilityKey = (partnerId: string, category: string) => ({
  pk: `PARTNER#${partnerId}`,
  sk: `CAPABILITY#${category}`,
  gsi1pk: `CATEGORY#${category}`,
  gsi1sk: `PARTNER#${partnerId}`,
});
