/**
 * The least-privilege grants, enforced locally: while a handler declared in
 * lib/topology/data-access.ts runs, every DynamoDB call it makes is checked against its declaration
 * (actions on the table, Query on the named indexes), as IAM checks the role in the cloud. A
 * declaration that is too narrow then fails the integration and browser tests with an
 * AccessDeniedException naming the handler, not a deployment.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type DataAccess, dataAccess, tableActionsOf } from '#lib/topology/data-access.ts';
import type { LambdaHandler } from './lambda-context.ts';

interface Scope {
  handler: string;
  access: DataAccess;
}

const scopes = new AsyncLocalStorage<Scope>();

export class AccessDenied extends Error {
  override name = 'AccessDeniedException';
}

/** The handler, running under its declared access when it has one (test fixtures have none). */
export function guardedHandler(handler: string, run: LambdaHandler): LambdaHandler {
  const access = dataAccess[handler];
  if (!access) return run;
  return (event, context) => scopes.run({ handler, access }, () => run(event, context));
}

type TransactItem = Partial<Record<'Put' | 'Update' | 'Delete' | 'ConditionCheck', unknown>>;

/** The IAM actions (and index, for a query) a command needs, by the SDK command's class name. */
export function actionsOf(commandName: string, input: Record<string, unknown>): { actions: string[]; index?: string } {
  const name = commandName.replace(/Command$/, '').replace(/Item$/, '');
  switch (name) {
    case 'Get':
      return { actions: ['dynamodb:GetItem'] };
    case 'BatchGet':
      return { actions: ['dynamodb:BatchGetItem'] };
    case 'Put':
      return { actions: ['dynamodb:PutItem'] };
    case 'Update':
      return { actions: ['dynamodb:UpdateItem'] };
    case 'Delete':
      return { actions: ['dynamodb:DeleteItem'] };
    case 'Scan':
      return { actions: ['dynamodb:Scan'] };
    case 'Query':
      return typeof input.IndexName === 'string'
        ? { actions: ['dynamodb:Query'], index: input.IndexName }
        : { actions: ['dynamodb:Query'] };
    case 'TransactWrite': {
      const items = (input.TransactItems ?? []) as TransactItem[];
      const actions = items.flatMap((item) =>
        item.Put
          ? ['dynamodb:PutItem']
          : item.Update
            ? ['dynamodb:UpdateItem']
            : item.Delete
              ? ['dynamodb:DeleteItem']
              : ['dynamodb:ConditionCheckItem'],
      );
      return { actions: [...new Set(actions)] };
    }
    case 'BatchWrite': {
      const requests = Object.values(
        (input.RequestItems ?? {}) as Record<string, Array<{ PutRequest?: unknown; DeleteRequest?: unknown }>>,
      ).flat();
      return { actions: [...new Set(requests.map((request) => (request.PutRequest ? 'dynamodb:BatchWriteItem' : 'dynamodb:DeleteItem')))] };
    }
    default:
      return { actions: [`dynamodb:${name}`] };
  }
}

export function checkAccess(scope: Scope, commandName: string, input: Record<string, unknown>): void {
  const { actions, index } = actionsOf(commandName, input);
  if (index) {
    if (!(scope.access.indexes ?? []).some((declared) => declared === index)) {
      throw new AccessDenied(`${scope.handler} may not query index ${index}: it is not declared in lib/topology/data-access.ts`);
    }
    return;
  }
  const allowed = tableActionsOf(scope.access);
  const denied = actions.filter((action) => !allowed.includes(action));
  if (denied.length > 0) {
    throw new AccessDenied(
      `${scope.handler} may not ${denied.join(', ')}: its access in lib/topology/data-access.ts is ${JSON.stringify(scope.access)}`,
    );
  }
}

let installed = false;

/** Wraps `send` of both SDK clients once per process; calls outside a guarded handler pass unchecked. */
export function installTableGuard(): void {
  if (installed) return;
  installed = true;
  for (const client of [DynamoDBClient.prototype, DynamoDBDocumentClient.prototype] as Array<{ send: (...args: unknown[]) => unknown }>) {
    const send = client.send;
    client.send = function guardedSend(this: unknown, ...args: unknown[]) {
      const scope = scopes.getStore();
      const command = args[0] as { constructor: { name: string }; input?: Record<string, unknown> };
      if (scope) checkAccess(scope, command.constructor.name, command.input ?? {});
      return send.apply(this, args);
    };
  }
}
