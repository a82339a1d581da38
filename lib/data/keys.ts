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
 * | needs in a status, by creation (operators' desk, escalations, watchdog) | Query workQueues gsi2pk=NEEDS#<status>, gsi2sk=<createdAt>#<id> |
 * | waiting needs of a category and community, special groups first, then oldest | Query partnersByCategory gsi1pk=WAITING#<category>#<community>, gsi1sk=<0|1>#<createdAt>#<id> |
 * | a need's tracking link (for residents' messages) | GetItem pk=NEED#<id>, sk=TRACKING                              |
 * | a resident message or operator alert sent once   | Put      pk=NEED#<id>, sk=MESSAGE#<key> (condition: new)          |
 * | operators' alerts inbox, newest first         | Query    pk=OPERATORS#<yyyy-mm>, sk ALERT#<at>… (descending, month by month back to the retention; TTL) |
 * | co-building units by name                     | Query itemsByOwner gsi3pk=UNITS, gsi3sk=<name>#<id>              |
 * | a co-building unit by id                      | GetItem  pk=UNIT#<id>, sk=UNIT                                   |
 * | a need's rating (once per order)              | GetItem  pk=NEED#<id>, sk=RATING                                 |
 * | follow-ups (回访) of low ratings, oldest first | Query workQueues gsi2pk=QUEUE#followUps                          |
 * | a partner's points ledger                      | Query    pk=PARTNER#<id>, sk begins_with POINTS# (one per order) |
 * | a partner's offers, newest first              | Query itemsByOwner gsi3pk=PARTNER#<id>, gsi3sk begins_with OFFER# |
 * | a partner's inbox, newest first               | Query    pk=PARTNER#<id>, sk begins_with INBOX# (descending)     |
 * | an inbox message, by notification (idempotent)| Put      pk=PARTNER#<id>, sk=INBOX#<occurredAt>#<notificationId> |
 * | a notification's delivery log, per channel    | Query    pk=NOTIFICATION#<id>, sk begins_with DELIVERY#          |
 * | one channel's delivery of a notification      | GetItem  pk=NOTIFICATION#<id>, sk=DELIVERY#<channelKey>          |
 * | a partner's deliveries, newest first          | Query itemsByOwner gsi3pk=PARTNER#<id>, gsi3sk begins_with DELIVERY# |
 * | the partner a signed-in identity acts for     | GetItem  pk=IDENTITY#<issuer>#<subject>, sk=IDENTITY             |
 * | a partner's current login (issuer, subject)   | GetItem  pk=PARTNER#<id>, sk=LOGIN                               |
 * | a partner's orders, newest offer first (paged)| Query itemsByOwner gsi3pk=PARTNER#<id>, gsi3sk begins_with OFFER#, status accepted |
 * | a suspended partner's live work (#10)         | Query itemsByOwner gsi3pk=PARTNER#<id>, gsi3sk begins_with OFFER#, status open or accepted, newest first, bounded pages |
 * | ended needs whose personal data is still kept, oldest first | Query partnersByCategory gsi1pk=QUEUE#endedNeeds, gsi1sk <= <ended before> |
 * | a phone number's recent needs (limits)        | GetItem  pk=PHONE#<sha256(district, phone)>, sk=NEEDS (TTL)      |
 * | a client's submits in one clock minute        | UpdateItem pk=CLIENT#<sha256(district, address)>, sk=MINUTE#<yyyy-mm-ddThh:mm> (ADD, TTL) |
 * | the district's live settings (#11)            | GetItem  pk=SETTINGS, sk=CURRENT (absent: the district file's)   |
 * | settings changes, newest first (#11)          | Query    pk=SETTINGS, sk begins_with CHANGE# (descending, bounded) |
 * | report counters of one day, by hour (#11)     | Query    pk=REPORT#<yyyy-mm-dd>, sk begins_with CELL# (<= categories × communities × 24) |
 * | report totals of one day (#11)                | Query    pk=REPORT#<yyyy-mm-dd>, sk begins_with TOTAL# (<= categories × grids and communities) |
 * | a need's contribution to the counters (#11)   | GetItem  pk=NEED#<id>, sk=REPORTED (what the counters last counted for it) |
 * | a need's pending SMS code (new phones, #10)   | GetItem  pk=NEED#<id>, sk=CONFIRMATION (the code's HMAC only; TTL) |
 * | whether a phone number was seen (confirmed)   | GetItem  pk=SEENPHONE#<hmac(secret, district, phone)>, sk=SEEN (TTL) |
 * | a phone's codes and tries in one day          | UpdateItem pk=PHONECODES#<hmac(…)>, sk=<codes|tries>#<yyyy-mm-dd> (ADD, TTL) |
 * | a text to send, by its dedupe key (outbox, #12) | Put pk=TEXT#<dedupeKey>, sk=TEXT (condition: new; TTL); claimed and closed with UpdateItem |
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

export type WorkQueue = 'openOffers' | 'followUps';

/**
 * Sparse: ended needs whose personal data is still kept, by when they ended. On partnersByCategory
 * (gsi1), which a need uses for nothing else once it has ended (only waiting needs sit in a queue
 * there), because every need's gsi2 is its status partition.
 */
export const endedNeedsIndexKey = (endedAt: string, needId: string) => ({ gsi1pk: 'QUEUE#endedNeeds', gsi1sk: `${endedAt}#${needId}` });

/** Every need is in exactly one status partition: the desk lists, the escalation queue and the watchdog read them. */
export const needByStatusIndexKey = (status: string, createdAt: string, needId: string) => ({
  gsi2pk: `NEEDS#${status}`,
  gsi2sk: `${createdAt}#${needId}`,
});

/** Sparse: only waiting needs. Special groups (0) before others (1), then oldest first. */
export const waitingQueueIndexKey = (category: string, communityId: string, specialGroup: boolean, createdAt: string, needId: string) => ({
  gsi1pk: waitingQueueName(category, communityId),
  gsi1sk: `${specialGroup ? 0 : 1}#${createdAt}#${needId}`,
});

export const waitingQueueName = (category: string, communityId: string) => `WAITING#${category}#${communityId}`;

export const trackingLinkKey = (needId: string) => ({ pk: `NEED#${needId}`, sk: 'TRACKING' });

export const sentMessageKey = (needId: string, messageKey: string) => ({ pk: `NEED#${needId}`, sk: `MESSAGE#${messageKey}` });

/** The inbox is bucketed by the alert's UTC month, so no partition grows for ever (alerts also expire). */
export const operatorInboxPartition = (month: string) => `OPERATORS#${month}`;

export const operatorAlertKey = (at: string, alertId: string) => ({ pk: operatorInboxPartition(at.slice(0, 7)), sk: `ALERT#${at}#${alertId}` });

export const unitKey = (unitId: string) => ({ pk: `UNIT#${unitId}`, sk: 'UNIT' });

export const unitsListIndexKey = (name: string, unitId: string) => ({ gsi3pk: 'UNITS', gsi3sk: `${name}#${unitId}` });

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

/** Issuer and subject both in the key: two issuers may reuse a subject. */
export const identityLinkKey = (issuer: string, subject: string) => ({ pk: `IDENTITY#${issuer}#${subject}`, sk: 'IDENTITY' });

export const partnerLoginKey = (partnerId: string) => ({ pk: `PARTNER#${partnerId}`, sk: 'LOGIN' });

export const pointsSortKeyPrefix = 'POINTS#';
/** Hashed so keys stay uniform and carry no number in clear; the need item itself holds the contact. */
export const phoneHistoryKey = (phoneHash: string) => ({ pk: `PHONE#${phoneHash}`, sk: 'NEEDS' });

export const clientWindowKey = (clientHash: string, minute: string) => ({ pk: `CLIENT#${clientHash}`, sk: `MINUTE#${minute}` });

// A new phone number's one-time code (#10).

export const pendingCodeKey = (needId: string) => ({ pk: `NEED#${needId}`, sk: 'CONFIRMATION' });

export const seenPhoneKey = (phoneKey: string) => ({ pk: `SEENPHONE#${phoneKey}`, sk: 'SEEN' });

export const phoneCodeCountKey = (phoneKey: string, what: 'codes' | 'tries', day: string) => ({
  pk: `PHONECODES#${phoneKey}`,
  sk: `${what}#${day}`,
});

// District settings and report aggregates (#11).

export const settingsKey = () => ({ pk: 'SETTINGS', sk: 'CURRENT' });

export const settingsChangeSortKeyPrefix = 'CHANGE#';

/** One item per accepted change, in version order: who, when, what and why. */
export const settingsChangeKey = (version: number) => ({ pk: 'SETTINGS', sk: `${settingsChangeSortKeyPrefix}${String(version).padStart(9, '0')}` });

/**
 * A report counter cell: one item per day (in the district's time zone) × category × community ×
 * hour of the week the need wants service, holding its counts and duration histograms. A report over
 * a period reads one partition per day, whatever the number of needs.
 */
export const reportCellKey = (day: string, category: string, communityId: string, hourOfWeek: number) => ({
  pk: `REPORT#${day}`,
  sk: `${reportCellSortKeyPrefix}${category}#${communityId}#${String(hourOfWeek).padStart(3, '0')}`,
});

export const reportCellSortKeyPrefix = 'CELL#';

export const reportTotalSortKeyPrefix = 'TOTAL#';

/**
 * The same counters summed over the day's hours, per grid (`-` for needs that named none): the
 * needs list reads these, far fewer items than the hourly cells.
 */
export const reportTotalKey = (day: string, category: string, communityId: string, gridId?: string) => ({
  pk: `REPORT#${day}`,
  sk: `${reportTotalSortKeyPrefix}${category}#${communityId}#${gridId ?? '-'}`,
});

/** What the report counters last counted for a need, so a replayed stream record counts once. */
export const reportedNeedKey = (needId: string) => ({ pk: `NEED#${needId}`, sk: 'REPORTED' });

// The text outbox (#12): one item per text, sent by one stream consumer.

export const textMessageKey = (dedupeKey: string) => ({ pk: `TEXT#${dedupeKey}`, sk: 'TEXT' });
/** The dedupe key of a text item's partition key (`TEXT#<dedupeKey>`); undefined for any other key. */
export const dedupeKeyOfTextPk = (pk: string | undefined) => (pk?.startsWith('TEXT#') ? pk.slice('TEXT#'.length) : undefined);
