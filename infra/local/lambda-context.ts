/** A Lambda invocation context as the Node.js runtime passes it, for handlers run in-process. */
import { randomBytes, randomUUID } from 'node:crypto';
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

/** Runs a handler like Lambda does: with a context, and as a failure once the timeout passes. */
export async function invokeHandler(handler: LambdaHandler, event: unknown, options: LocalContextOptions): Promise<unknown> {
  const context = createLambdaContext(options);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new InvocationTimeout(options.functionName, options.timeoutMs)), options.timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => handler(event, context)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a module under functions/ exports as `handler` (middy-wrapped or plain). */
export type LambdaHandler = (event: unknown, context: Context) => unknown;
