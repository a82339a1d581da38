/**
 * A Lambda invocation context as the Node.js runtime passes it, for handlers run in-process, and
 * the invocation itself. The local runtime runs many invocations at once in one process, which is
 * Lambda's multi-concurrency mode: as that runtime does, each invocation runs inside the
 * InvokeStore (AsyncLocalStorage), and Powertools keeps its per-invocation state there (the logger's
 * function name, request id and appended keys; batch processing), so one invocation's log lines
 * never carry another's name or correlation id (scopeInvocations).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import type { Context } from 'aws-lambda';

export const localAccountId = '000000000000';

export interface LocalContextOptions {
  functionName: string;
  timeoutMs: number;
  region?: string;
  memoryLimitInMB?: number;
}

export function createLambdaContext(options: LocalContextOptions): Context {
  const deadline = Date.now() + options.timeoutMs;
  const region = options.region ?? process.env.AWS_REGION ?? 'local';
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  const unsupported = (name: string) => () => {
    throw new Error(`context.${name}() is not supported by the Node.js 22 runtime; return or throw instead`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${localAccountId}:function:${options.functionName}`,
    memoryLimitInMB: String(options.memoryLimitInMB ?? 512),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}

/** A readable function name from a handler module path: `needs/submit-need` → `needs-submit-need`. */
export function functionNameFor(handler: string): string {
  return handler.replaceAll('/', '-');
}

export class InvocationTimeout extends Error {
  constructor(functionName: string, timeoutMs: number) {
    super(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds (${functionName})`);
  }
}

let invokeStore: InvokeStoreBase | undefined;

/**
 * Makes invocations in this process keep their own state. Called by the local system before its
 * first SDK call (the AWS SDK asks for the store on its first request, and the first to ask decides
 * whether it is per invocation), and by each invocation otherwise. Only when the store really keeps
 * nested invocations apart is Powertools told so (AWS_LAMBDA_MAX_CONCURRENCY, which only the local
 * system's own process then has: a process that never starts it, such as a benchmark spawning bundles,
 * is left as Lambda's single-concurrency runtime is).
 */
export async function scopeInvocations(): Promise<InvokeStoreBase> {
  if (invokeStore) return invokeStore;
  const store = await InvokeStore.getInstanceAsync(true);
  const probe = Symbol('probe');
  const keepsApart = store.run({ [probe]: 'outer' }, () => {
    store.run({ [probe]: 'inner' }, () => undefined);
    return store.get(probe) === 'outer';
  });
  if (keepsApart) process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '64';
  invokeStore = store;
  return store;
}

/** Runs a handler like Lambda does: with a context, in its own invocation scope, and as a failure once the timeout passes. */
export async function invokeHandler(handler: LambdaHandler, event: unknown, options: LocalContextOptions): Promise<unknown> {
  const store = await scopeInvocations();
  const context = createLambdaContext(options);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new InvocationTimeout(options.functionName, options.timeoutMs)), options.timeoutMs);
  });
  try {
    const invocation = store.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: context.awsRequestId }, () =>
      Promise.resolve().then(() => handler(event, context)),
    );
    return await Promise.race([invocation, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a module under functions/ exports as `handler` (middy-wrapped or plain). */
export type LambdaHandler = (event: unknown, context: Context) => unknown;
