/**
 * Identity links in the table: (issuer, subject) → partner, and on the partner its current login.
 * Linking is one transaction: the new link, the partner's login, and the removal of the link of the
 * login it replaces, so an identity never acts for two partners and a replaced login stops working.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict } from '../common/domain-errors.ts';
import type { IdentityLink } from '../identity/identity-link.ts';
import { documentClient, tableName } from './dynamo-client.ts';
import { identityLinkKey, partnerLoginKey } from './keys.ts';
import { failedConditions, sendTransaction, type TransactionItems } from './transactions.ts';

const table = tableName();

function linkFromItem(item: Record<string, unknown>): IdentityLink {
  const { issuer, subject, partnerId, phone, linkedAt, linkedBy } = item;
  return {
    issuer: String(issuer),
    subject: String(subject),
    partnerId: String(partnerId),
    ...(typeof phone === 'string' ? { phone } : {}),
    linkedAt: String(linkedAt),
    linkedBy: String(linkedBy),
  };
}

export async function getIdentityLink(issuer: string, subject: string): Promise<IdentityLink | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: identityLinkKey(issuer, subject) }));
  return Item ? linkFromItem(Item) : undefined;
}

export async function getPartnerLogin(partnerId: string): Promise<IdentityLink | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table, Key: partnerLoginKey(partnerId), ConsistentRead: true }));
  return Item ? linkFromItem(Item) : undefined;
}

export type LinkOutcome = 'linked' | 'unchanged';

/**
 * Links the identity to the partner, replacing the partner's previous login if it had another.
 * Refuses (409) an identity already linked to another partner.
 */
export async function linkIdentity(link: IdentityLink): Promise<LinkOutcome> {
  const previous = await getPartnerLogin(link.partnerId);
  if (previous && previous.issuer === link.issuer && previous.subject === link.subject && previous.phone === link.phone) return 'unchanged';
  const items: TransactionItems = [
    {
      Put: {
        TableName: table,
        Item: { ...identityLinkKey(link.issuer, link.subject), type: 'identityLink', ...link },
        ConditionExpression: 'attribute_not_exists(pk) OR partnerId = :partner',
        ExpressionAttributeValues: { ':partner': link.partnerId },
      },
    },
    {
      Put: {
        TableName: table,
        Item: { ...partnerLoginKey(link.partnerId), type: 'partnerLogin', ...link },
        ...(previous
          ? { ConditionExpression: 'subject = :previous', ExpressionAttributeValues: { ':previous': previous.subject } }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    },
  ];
  if (previous && (previous.issuer !== link.issuer || previous.subject !== link.subject)) {
    items.push({
      Delete: {
        TableName: table,
        Key: identityLinkKey(previous.issuer, previous.subject),
        ConditionExpression: 'attribute_not_exists(pk) OR partnerId = :partner',
        ExpressionAttributeValues: { ':partner': link.partnerId },
      },
    });
  }
  try {
    await sendTransaction(items);
    return 'linked';
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error;
    if (failed[0]) throw new Conflict('this sign-in already belongs to another partner', { subject: link.subject });
    throw new Conflict("someone changed this partner's login at the same time; try again");
  }
}
