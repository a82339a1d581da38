import { describe, expect, it } from 'vitest';
import { actionsOf, checkAccess } from '../../../infra/local/table-guard.ts';
import { dataAccess, dataAccessOf } from '#lib/topology/data-access.ts';
import { fallbackHandlers, queueConsumers, routes, schedules, streamConsumers } from '#lib/topology/topology.ts';

const scopeOf = (handler: string) => ({ handler, access: dataAccessOf(handler) });

describe('declared data access', () => {
  it('covers every handler of the topology, and nothing else', () => {
    const handlers = new Set([
      ...routes.map((route) => route.handler),
      ...Object.values(fallbackHandlers),
      ...streamConsumers.map((consumer) => consumer.handler),
      ...queueConsumers.map((consumer) => consumer.handler),
      ...schedules.map((schedule) => schedule.handler),
      'streams/route-stream-records',
      'operators/forward-alarms',
    ]);
    expect(Object.keys(dataAccess).sort()).toEqual([...handlers].sort());
  });

  it('never allows Scan, and DeleteItem only where declared', () => {
    for (const handler of Object.keys(dataAccess)) {
      expect(() => checkAccess(scopeOf(handler), 'ScanCommand', {})).toThrow(/may not dynamodb:Scan/);
      const deletes = () => checkAccess(scopeOf(handler), 'DeleteCommand', {});
      if (dataAccessOf(handler).deletes) expect(deletes).not.toThrow();
      else expect(deletes).toThrow(/AccessDenied|may not/);
    }
  });
});

describe('local table guard', () => {
  it('names the actions of each command, transactions item by item', () => {
    expect(actionsOf('GetCommand', {})).toEqual({ actions: ['dynamodb:GetItem'] });
    expect(actionsOf('QueryCommand', { IndexName: 'workQueues' })).toEqual({ actions: ['dynamodb:Query'], index: 'workQueues' });
    expect(actionsOf('TransactWriteCommand', { TransactItems: [{ Put: {} }, { ConditionCheck: {} }, { Delete: {} }] }).actions).toEqual([
      'dynamodb:PutItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
    ]);
  });

  it('lets a reader read and query its indexes, and refuses writes and other indexes', () => {
    const escalations = scopeOf('operators/list-escalations');
    expect(() => checkAccess(escalations, 'QueryCommand', { IndexName: 'workQueues' })).not.toThrow();
    expect(() => checkAccess(escalations, 'GetCommand', {})).not.toThrow();
    expect(() => checkAccess(escalations, 'QueryCommand', { IndexName: 'partnersByCategory' })).toThrow(
      /may not query index partnersByCategory/,
    );
    expect(() => checkAccess(escalations, 'PutCommand', {})).toThrow(/may not dynamodb:PutItem/);
    expect(() => checkAccess(scopeOf('health/get-health'), 'GetCommand', {})).toThrow(/may not dynamodb:GetItem/);
  });
});
