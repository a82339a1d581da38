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
 * | partners of a category, for operators' list   | Query partnersByCategory gsi1pk=CATEGORY#<code> (capability items carry status and area) |
 * | all partners of the district, by status, name | Query itemsByOwner gsi3pk=PARTNERS, gsi3sk begins_with <status># (profiles only) |
 * | open offers whose deadline has passed         | Query workQueues gsi2pk=QUEUE#openOffers, gsi2sk <= now          |
 * | escalated needs, oldest first (operators)     | Query workQueues gsi2pk=QUEUE#escalatedNeeds                     |
 * | a need's rating (once per order)              | GetItem  pk=NEED#<id>, sk=RATING                                 |
 * | follow-ups (回访) of low ratings, oldest first | Query workQueues gsi2pk=QUEUE#followUps                          |
 * | a partner's points ledger                      | Query    pk=PARTNER#<id>, sk begins_with POINTS# (one per order) |
 * | a partner's offers, newest first              | Query itemsByOwner gsi3pk=PARTNER#<id>, gsi3sk begins_with OFFER# |
 * | a partner's inbox, newest first               | Query    pk=PARTNER#<id>, sk begins_with INBOX# (descending)     |
 * | an inbox message, by notification (idempotent)| Put      pk=PARTNER#<id>, sk=INBOX#<occurredAt>#<notificationId> |
 * | a notification's delivery log, per channel    | Query    pk=NOTIFICATION#<id>, sk begins_with DELIVERY#          |
 * | one channel's delivery of a notification      | GetItem  pk=NOTIFICATION#<id>, sk=DELIVERY#<channelKey>          |
 * | a partner's deliveries, newest first          | Query itemsByOwner gsi3pk=PARTNER#<id>, gsi3sk begins_with DELIVERY# |
 * | ended needs whose personal data is still kept, oldest first | Query workQueues gsi2pk=QUEUE#endedNeeds, gsi2sk <= <ended before> |
 * | a phone number's recent needs (limits)        | GetItem  pk=PHONE#<sha256(district, phone)>, sk=NEEDS (TTL)      |
 * | a client's submits in one clock minute        | UpdateItem pk=CLIENT#<sha256(district, address)>, sk=MINUTE#<yyyy-mm-ddThh:mm> (ADD, TTL) |
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

export type WorkQueue = 'openOffers' | 'escalatedNeeds' | 'followUps' | 'endedNeeds';

export const ratingKey = (needId: string) => ({ pk: `NEED#${needId}`, sk: 'RATING' });

export const followUpKey = (needId: string) => ({ pk: `NEED#${needId}`, sk: 'FOLLOWUP' });

/** One ledger entry per order: the order id in the key makes a second credit impossible. */
export const pointsEntryKey = (partnerId: string, needId: string) => ({ pk: `PARTNER#${partnerId}`, sk: `POINTS#${needId}` });

/** Sparse: an item is in a queue only while it carries these attributes. */
export const workQueueIndexKey = (queue: WorkQueue, dueAt: string, itemId: string) => ({
  gsi2pk: `QUEUE#${queue}`,
  gsi2sk: `${dueAt}#${itemId}`,
});

export const idempotencyKey = (keyHash: string) => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' });

export const partnerKey = (partnerId: string) => ({ pk: `PARTNER#${partnerId}`, sk: 'PROFILE' });

export const partnerStandingKey = (partnerId: string) => ({ pk: `PARTNER#${partnerId}`, sk: 'STANDING' });

/**
 * Overloads itemsByOwner with one partition holding every partner profile of the district (one
 * deployment = one district: thousands of partners at most), sorted by status, then name: the
 * operators' list pages through it, with or without a status, and never scans the table.
 */
export const partnersListIndexKey = (status: string, nameZh: string, partnerId: string) => ({
  gsi3pk: 'PARTNERS',
  gsi3sk: `${status}#${nameZh}#${partnerId}`,
});

export const partnerCapabilityKey = (partnerId: string, category: string) => ({
  pk: `PARTNER#${partnerId}`,
  sk: `CAPABILITY#${category}`,
  gsi1pk: `CATEGORY#${category}`,
  gsi1sk: `PARTNER#${partnerId}`,
});

export const inboxSortKeyPrefix = 'INBOX#';

/** Sorted by when the event happened; the notification id makes the key deterministic per event. */
export const inboxMessageKey = (partnerId: string, occurredAt: string, notificationId: string) => ({
  pk: `PARTNER#${partnerId}`,
  sk: `${inboxSortKeyPrefix}${occurredAt}#${notificationId}`,
});

export const deliverySortKeyPrefix = 'DELIVERY#';

export const notificationDeliveryKey = (notificationId: string, channelKey: string) => ({
  pk: `NOTIFICATION#${notificationId}`,
  sk: `${deliverySortKeyPrefix}${channelKey}`,
});

export const deliveryByPartnerIndexKey = (partnerId: string, occurredAt: string, notificationId: string, channelKey: string) => ({
  gsi3pk: `PARTNER#${partnerId}`,
  gsi3sk: `${deliverySortKeyPrefix}${occurredAt}#${notificationId}#${channelKey}`,
});

/** Hashed so keys stay uniform and carry no number in clear; the need item itself holds the contact. */
export const phoneHistoryKey = (phoneHash: string) => ({ pk: `PHONE#${phoneHash}`, sk: 'NEEDS' });

export const clientWindowKey = (clientHash: string, minute: string) => ({ pk: `CLIENT#${clientHash}`, sk: `MINUTE#${minute}` });
