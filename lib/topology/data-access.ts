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
}

const none: DataAccess = { table: 'none' };

/** By handler module (as in the topology's `handler`). */
export const dataAccess: Readonly<Record<string, DataAccess>> = {
  'health/get-health': none,
  'catalog/get-catalog': none,
  'http/method-not-allowed': none,
  'http/not-found': none,

  'needs/submit-need': { table: 'write' },
  'needs/get-need': { table: 'read' },
  'needs/cancel-need': { table: 'write' },
  'needs/rate-need': { table: 'write' },
  'needs/delete-personal-data': { table: 'write' },
  'needs/remove-expired-personal-data': { table: 'write', indexes: ['workQueues'] },

  'offers/list-my-offers': { table: 'read', indexes: ['itemsByOwner'] },
  'offers/accept-offer': { table: 'write' },
  'offers/decline-offer': { table: 'write' },
  'notifications/list-my-inbox': { table: 'read' },

  'orders/get-order': { table: 'read' },
  'orders/start-order': { table: 'write' },
  'orders/release-order': { table: 'write' },
  'orders/complete-order': { table: 'write' },

  'operators/list-escalations': { table: 'read', indexes: ['workQueues'] },
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
  'partners/change-partner-status': { table: 'write', deletes: true },
  'partners/import-partners': { table: 'write', deletes: true },
  'partners/get-my-profile': { table: 'read' },
  'partners/put-my-schedule': { table: 'write', deletes: true },

  'matching/match-new-need': { table: 'write', indexes: ['partnersByCategory'] },
  'matching/rematch-lapsed-offer': { table: 'write', indexes: ['partnersByCategory'] },
  'matching/expire-offers': { table: 'write', indexes: ['workQueues'] },
  'notifications/notify-partner': { table: 'write', sendsTextMessages: true },
  'reputation/apply-rating': { table: 'write' },
  'matching/project-partner-standing': { table: 'write' },
  // Reads the stream through its event source mapping only (granted with it), never the table.
  'streams/route-stream-records': none,
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
