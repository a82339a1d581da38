/**
 * The local runtime runs many invocations at once in one process, as Lambda's multi-concurrency
 * mode does: each keeps its own Lambda context and log keys (function name, request id,
 * correlation id) however they interleave, as one function in its own environment would.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvokeStore } from '@aws/lambda-invoke-store';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { invokeHandler, type LambdaHandler, scopeInvocations } from '../../../infra/local/lambda-context.ts';
import { logger } from '#lib/observability/logger.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A handler that tags its logs, waits (so the other invocation runs meanwhile), then logs again. */
const handler = middy<{ tag: string; waitMs: number }>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async ({ tag, waitMs }) => {
    logger.appendKeys({ correlation_id: tag });
    logger.warn('before the wait');
    await pause(waitMs);
    logger.warn('after the wait');
  }) as unknown as LambdaHandler;

afterEach(() => vi.restoreAllMocks());

describe('invocations in one process', () => {
  it('keep their own function name and keys in every log line, interleaved', async () => {
    const lines: Array<Record<string, unknown>> = [];
    // Warnings, since the tests' log level is WARN; Powertools writes them to stderr.
    const write = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = String(chunk);
      if (!text.includes('the wait')) return write(chunk, ...(rest as []));
      lines.push(JSON.parse(text) as Record<string, unknown>);
      return true;
    });
    // As the local system does before its first SDK call; then the SDK asks as it does on its first request.
    const store = await scopeInvocations();
    expect(await InvokeStore.getInstanceAsync()).toBe(store);
    await Promise.all([
      invokeHandler(handler, { tag: 'slow', waitMs: 60 }, { functionName: 'needs-submit-need', timeoutMs: 5_000 }),
      invokeHandler(handler, { tag: 'fast', waitMs: 10 }, { functionName: 'offers-accept-offer', timeoutMs: 5_000 }),
    ]);
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(line.function_name).toBe(line.correlation_id === 'slow' ? 'needs-submit-need' : 'offers-accept-offer');
      expect(line.correlation_id).toMatch(/^(slow|fast)$/);
    }
    const requestIds = (tag: string) => new Set(lines.filter((line) => line.correlation_id === tag).map((line) => line.function_request_id));
    expect(requestIds('slow').size).toBe(1);
    expect([...requestIds('slow')]).not.toEqual([...requestIds('fast')]);
  });
});
