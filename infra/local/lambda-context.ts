/**
 * A Lambda invocation context as the Node.js runtime passes it, for handlers run in-process, and
 * the invocation itself. The local runtime runs many invocations at once in one process, which is
 * Lambda's multi-concurrency mode: as that runtime does, each invocation runs inside the
 * InvokeStore (AsyncLocalStorage), and AWS_LAMBDA_MAX_CONCURRENCY tells Powertools to keep its
 * per-invocation state there (the logger's function name, request id and appended keys), so one
 * invocation's log lines never carry another's name or correlation id.
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

// Set up when this module loads, before any handler or SDK call: the AWS SDK asks for the store on
// its first request, and the first to ask decides whether it is per invocation.
process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '64';
const invokeStore = await InvokeStore.getInstanceAsync(true);

/** Runs a handler like Lambda does: with a context, in its own invocation scope, and as a failure once the timeout passes. */
export async function invokeHandler(handler: LambdaHandler, event: unknown, options: LocalContextOptions): Promise<unknown> {
  const context = createLambdaContext(options);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new InvocationTimeout(options.functionName, options.timeoutMs)), options.timeoutMs);
  });
  try {
    const invocation = invokeStore.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: context.awsRequestId }, () =>
      Promise.resolve().then(() => handler(event, context)),
    );
    return await Promise.race([invocation, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a module under functions/ exports as `handler` (middy-wrapped or plain). */
export type LambdaHandler = (event: unknown, context: Context) => unknown;
