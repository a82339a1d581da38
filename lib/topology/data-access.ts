/**
 * What each handler does with the district's table, declared beside the topology: the CDK stack
 * grants exactly this (infra/table-grants.ts), the infra tests check the template against it, and
 * the local runtime refuses any other DynamoDB call from the handler (infra/local/table-guard.ts),
 * so a declaration that is too narrow fails the integration tests rather than a deployment.
 * Pure data: no AWS import. Index names are those of lib/data/table-definition.ts.
 */
import type { IndexName } from '../data/table-definition.ts';

export interface DataAccess {
  /** `none`: no table access at all; `read`: GetItem, BatchGetItem, Query; `write`: also PutItem, UpdateItem, ConditionCheckItem. */
  table: 'none' | 'read' | 'write';
  /** Global secondary indexes the handler queries. */
  indexes?: readonly IndexName[];
  /** DeleteItem: only handlers that remove items. */
  deletes?: boolean;
  /** Sends text messages (SMS) through the district's provider. */
  sendsTextMessages?: boolean;
  /** Seals or opens residents' tracking links with the district's tracking-link secret (read from Secrets Manager). */
  trackingLinkSecret?: boolean;
  /** Builds links to the web pages (tracking page, partner app): told their public address (PUBLIC_BASE_URL). */
  linksToWebPages?: boolean;
}

const none: DataAccess = { table: 'none' };

/** By handler module (as in the topology's `handler`). */
export const dataAccess: Readonly<Record<string, DataAccess>> = {
  'health/get-health': none,
  // Reads the district settings item for the enabled categories (#11).
  'catalog/get-catalog': { table: 'read' },
  'http/method-not-allowed': none,
  'http/not-found': none,

  // Seals the new need's tracking token for the links in the resident's messages (#8); queues a new
  // phone number's one-time code in the text outbox and keys the seen-phone record with the same secret (#10).
  'needs/submit-need': { table: 'write', trackingLinkSecret: true },
  // The resident's page reads a waiting need's place in its queue (partnersByCategory).
  'needs/get-need': { table: 'read', indexes: ['partnersByCategory'] },
  'needs/cancel-need': { table: 'write', indexes: ['partnersByCategory'] },
  'needs/rate-need': { table: 'write', indexes: ['partnersByCategory'] },
  // Removing the personal data deletes the need's sealed tracking link too; ended needs wait on partnersByCategory.
  'needs/delete-personal-data': { table: 'write', deletes: true },
  'needs/remove-expired-personal-data': { table: 'write', indexes: ['partnersByCategory'], deletes: true },
  // A new phone number's SMS code (#10): the code's record goes once confirmed; the need is then
  // dispatched (partnersByCategory); another code is queued in the text outbox.
  'needs/confirm-phone': { table: 'write', indexes: ['partnersByCategory'], deletes: true, trackingLinkSecret: true },

  'offers/list-my-offers': { table: 'read', indexes: ['itemsByOwner'] },
  'offers/accept-offer': { table: 'write' },
  'offers/decline-offer': { table: 'write' },
  'notifications/list-my-inbox': { table: 'read' },

  'orders/get-order': { table: 'read' },
  'orders/start-order': { table: 'write' },
  'orders/release-order': { table: 'write' },
  'orders/complete-order': { table: 'write' },

  // Lists read the status partitions (workQueues) or the community index, and the units for suggestions.
  'operators/list-escalations': { table: 'read', indexes: ['workQueues', 'itemsByOwner'] },
  'operators/get-need-for-operator': { table: 'read' },
  'operators/exclude-rating': { table: 'write' },
  'operators/list-follow-ups': { table: 'read', indexes: ['workQueues'] },
  'operators/list-partner-deliveries': { table: 'read', indexes: ['itemsByOwner'] },
  'operators/get-supply-demand-report': { table: 'read', indexes: ['itemsByOwner'] },

  // A partner's profile write removes the capability items of categories it no longer serves.
  'partners/create-partner': { table: 'write', deletes: true },
  'partners/list-partners': { table: 'read', indexes: ['partnersByCategory', 'itemsByOwner'] },
  'partners/get-partner': { table: 'read' },
  'partners/update-partner': { table: 'write', deletes: true },
  // A move out of active takes back the partner's open offers and unfinished orders, found on itemsByOwner (#10).
  'partners/change-partner-status': { table: 'write', indexes: ['itemsByOwner'], deletes: true },
  'partners/import-partners': { table: 'write', indexes: ['itemsByOwner'], deletes: true },
  'partners/get-my-profile': { table: 'read' },
  'partners/put-my-schedule': { table: 'write', deletes: true },

  // The partner app and partner identity (issue #9). Every partner route also reads the caller's identity link (GetItem).
  'orders/list-my-orders': { table: 'read', indexes: ['itemsByOwner'] },
  'partners/list-my-points': { table: 'read' },
  // Giving a login again with another number removes the old identity link.
  'partners/give-partner-login': { table: 'write', deletes: true },

  'matching/match-new-need': { table: 'write', indexes: ['partnersByCategory'] },
  'matching/rematch-lapsed-offer': { table: 'write', indexes: ['partnersByCategory'] },
  'matching/expire-offers': { table: 'write', indexes: ['workQueues'] },
  // Writes the inbox item and each delivery's `queued` log entry; the sender (deliver-to-channel) reaches the channels.
  'notifications/notify-partner': { table: 'write', linksToWebPages: true },
  'reputation/apply-rating': { table: 'write' },
  'matching/project-partner-standing': { table: 'write' },
  // The operators' desk, co-building units, waiting queue, watchdog and people told (#8).
  'operators/list-needs': { table: 'read', indexes: ['workQueues', 'itemsByOwner'] },
  'operators/assign-need': { table: 'write' },
  // Marks a phone number seen when staff send on a need that awaited its code (#10): keyed with the secret.
  'operators/redispatch-need': { table: 'write', trackingLinkSecret: true },
  'operators/close-need': { table: 'write' },
  'operators/refer-need': { table: 'write' },
  'operators/record-referral-reply': { table: 'write' },
  'operators/close-follow-up': { table: 'write' },
  'operators/list-operator-inbox': { table: 'read' },
  'operators/watch-needs': { table: 'write', indexes: ['workQueues'] },
  'matching/recheck-waiting-needs': { table: 'write', indexes: ['workQueues', 'partnersByCategory'] },
  'units/create-unit': { table: 'write' },
  'units/list-units': { table: 'read', indexes: ['itemsByOwner'] },
  'units/get-unit': { table: 'read' },
  'units/replace-unit': { table: 'write' },
  'units/delete-unit': { table: 'write', deletes: true },
  'matching/release-waiting-needs': { table: 'write', indexes: ['workQueues', 'partnersByCategory'] },
  'notifications/tell-people': { table: 'write', trackingLinkSecret: true, linksToWebPages: true },
  // The text outbox's sender (#12): claims a queued text (or a partner's email), sends it, keeps only the
  // outcome, and for a partner's notification records it on the delivery log entry.
  'notifications/send-text-message': { table: 'write', sendsTextMessages: true },
  // Operators' alerts from the stream (#12): claims and releases a marker beside the need; an SMS channel's text goes to the outbox.
  'operators/deliver-operator-alert': { table: 'write', deletes: true },
  // Notifications that cannot block each other (#10): reads the partner's channels, claims and records each
  // attempt on an HTTP channel; moves a message left for an SMS or email channel to the text outbox.
  'notifications/deliver-to-channel': { table: 'write' },
  // Reads the stream through its event source mapping only (granted with it), never the table.
  'streams/route-stream-records': none,
  // Subscribed to the alarm topic (infra/district-operations.ts): posts to the operators' channel, an SMS number included (#12).
  'operators/forward-alarms': { table: 'none', sendsTextMessages: true },

  // Standard interfaces, operators' figures and district settings (#11).
  'api/get-openapi': none,
  'settings/get-district-settings': { table: 'read' },
  'settings/put-district-settings': { table: 'write' },
  'reports/get-report-list': { table: 'read', indexes: ['itemsByOwner'] },
  'reports/count-for-reports': { table: 'write' },
  'georeport/get-georeport': { table: 'read', indexes: ['itemsByOwner'] },
  'georeport/post-request': { table: 'write', trackingLinkSecret: true },
};

/** The declared access of `handler`; a handler without a declaration stops synthesis and the local runtime. */
export function dataAccessOf(handler: string): DataAccess {
  const declared = dataAccess[handler];
  if (!declared) throw new Error(`No data access declared for handler ${handler}: add it to lib/topology/data-access.ts`);
  return declared;
}

/** The DynamoDB actions a declaration allows on the table (indexes take Query only). */
export function tableActionsOf(access: DataAccess): string[] {
  if (access.table === 'none') return [];
  const read = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
  if (access.table === 'read') return read;
  return [
    ...read,
    'dynamodb:ConditionCheckItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    ...(access.deletes ? ['dynamodb:DeleteItem'] : []),
  ].sort();
}
