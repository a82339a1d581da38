/**
 * Key builders for the single table, one per item type. Every access pattern the system uses is
 * listed here with the key or index that answers it; add the pattern here before using it.
 *
 * | access pattern                                | how                                                      |
 * |-----------------------------------------------|----------------------------------------------------------|
 * | a need with its timeline, by id               | GetItem  pk=NEED#<id>, sk=NEED                            |
 * | replay of a submit by its Idempotency-Key     | GetItem  pk=IDEMPOTENCY#<sha256(key)>, sk=IDEMPOTENCY     |
 * | a community's needs, newest first (reports)   | Query itemsByOwner gsi3pk=COMMUNITY#<id>, gsi3sk=NEED#<createdAt> |
 * | a partner's profile                           | GetItem  pk=PARTNER#<id>, sk=PROFILE                      |
 * | partners able to serve a category (matching)  | Query partnersByCategory gsi1pk=CATEGORY#<code>           |
 * | open offers whose deadline has passed         | Query openOffersByDeadline gsi2pk=OPEN_OFFERS, gsi2sk<=now |
 * | a partner's offers and orders                 | Query itemsByOwner gsi3pk=PARTNER#<id>                    |
 */
export const needKey = (needId: string) => ({ pk: `NEED#${needId}`, sk: 'NEED' });

export const needByCommunityIndexKey = (communityId: string, createdAt: string) => ({
  gsi3pk: `COMMUNITY#${communityId}`,
  gsi3sk: `NEED#${createdAt}`,
});

export const idempotencyKey = (keyHash: string) => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' });

export const partnerKey = (partnerId: string) => ({ pk: `PARTNER#${partnerId}`, sk: 'PROFILE' });

export const partnerCapabilityKey = (partnerId: string, category: string) => ({
  pk: `PARTNER#${partnerId}`,
  sk: `CAPABILITY#${category}`,
  gsi1pk: `CATEGORY#${category}`,
  gsi1sk: `PARTNER#${partnerId}`,
});
