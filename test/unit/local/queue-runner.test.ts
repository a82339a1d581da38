/**
 * The local stand-in for Lambda reading an SQS standard queue (infra/local/queue-runner.ts), with
 * fixture handlers: the event's shape, receive counts, partial batch responses, visibility changes,
 * the dead-letter store after maxReceiveCount, and invocations that run side by side.
 */
import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryDeadLetterStore } from '#infra/local/dead-letters.ts';
import type { LambdaHandler } from '#infra/local/lambda-context.ts';
import { silentLog } from '#infra/local/log.ts';
import { type QueueRunner, startQueueRunner } from '#infra/local/queue-runner.ts';
import { partnerDeliveries, type QueueConsumerDeclaration } from '#lib/topology/topology.ts';

const consumer: QueueConsumerDeclaration = {
  ...partnerDeliveries,
  name: 'testQueue',
  handler: 'test/handler',
  batchSize: 1,
  maxConcurrency: 2,
  timeoutSeconds: 2,
  visibilityTimeoutSeconds: 3,
  retry: { requestTimeoutMs: 500, maxReceiveCount: 3, retryDelaysSeconds: [0] },
};

let runner: QueueRunner | undefined;
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
});

function start(handler: LambdaHandler, declaration: QueueConsumerDeclaration = consumer) {
  const deadLetters = memoryDeadLetterStore();
  runner = startQueueRunner({ consumers: [declaration], loadHandler: async () => handler, deadLetters, log: silentLog });
  return { runner, deadLetters, queue: runner.queue(declaration.name) };
}

describe('local queue runner', () => {
  it('hands the consumer an SQS event and deletes a message it handled', async () => {
    const events: SQSEvent[] = [];
    const { runner, queue } = start(async (event) => {
      events.push(event as SQSEvent);
    });
    const id = queue.send('{"hello":1}');
    await runner.drain(5000);
    expect(events).toHaveLength(1);
    expect(events[0]?.Records[0]).toMatchObject({
      messageId: id,
      body: '{"hello":1}',
      eventSource: 'aws:sqs',
      eventSourceARN: expect.stringMatching(/^arn:aws:sqs:.*:testQueue$/),
      attributes: { ApproximateReceiveCount: '1' },
    });
    expect(runner.isIdle()).toBe(true);
  });

  it('hands a message reported in batchItemFailures over again, counting receives, until it moves to the dead-letter store', async () => {
    const counts: string[] = [];
    const { runner, queue, deadLetters } = start(async (event) => {
      const [record] = (event as SQSEvent).Records;
      counts.push(record?.attributes.ApproximateReceiveCount ?? '?');
      // The consumer chooses its own backoff, as the delivery sender does with ChangeMessageVisibility.
      if (record) queue.changeVisibility(record.receiptHandle, 0.05);
      return { batchItemFailures: [{ itemIdentifier: record?.messageId }] };
    });
    const id = queue.send('doomed');
    await runner.drain(5000);
    expect(counts).toEqual(['1', '2', '3']);
    expect(deadLetters.list()).toEqual([
      expect.objectContaining({ kind: 'queue', consumer: 'testQueue', reason: 'maxReceiveCountExceeded', attempts: 3, message: expect.objectContaining({ messageId: id, body: 'doomed' }) }),
    ]);
  });

  it('keeps a failed message hidden for the visibility the consumer set', async () => {
    const receivedAt: number[] = [];
    const { runner, queue } = start(async (event) => {
      const [record] = (event as SQSEvent).Records;
      receivedAt.push(Date.now());
      if (receivedAt.length > 1 || !record) return {};
      queue.changeVisibility(record.receiptHandle, 0.3);
      return { batchItemFailures: [{ itemIdentifier: record.messageId }] };
    });
    queue.send('later');
    await runner.drain(5000);
    expect(receivedAt).toHaveLength(2);
    expect((receivedAt[1] ?? 0) - (receivedAt[0] ?? 0)).toBeGreaterThanOrEqual(290);
  });

  it('returns a whole batch to the queue when the consumer throws, visible again after the visibility timeout', async () => {
    let calls = 0;
    const quick = { ...consumer, visibilityTimeoutSeconds: 0.2, timeoutSeconds: 0.1 };
    const { runner, queue } = start(async () => {
      calls += 1;
      if (calls === 1) throw new Error('boom');
    }, quick);
    queue.send('one');
    const started = Date.now();
    await runner.drain(5000);
    expect(calls).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('runs invocations side by side: a hanging message does not hold up the next one', async () => {
    const done: string[] = [];
    let release: () => void = () => {};
    const hanging = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { runner, queue } = start(async (event) => {
      const body = (event as SQSEvent).Records[0]?.body ?? '';
      if (body === 'hangs') await hanging;
      done.push(body);
    });
    queue.send('hangs');
    queue.send('quick');
    for (let waited = 0; !done.includes('quick') && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(done).toEqual(['quick']);
    release();
    await runner.drain(5000);
    expect(done).toEqual(['quick', 'hangs']);
  });

  it('refuses a visibility change for a receipt handle it did not hand out', () => {
    const { queue } = start(async () => {});
    expect(() => queue.changeVisibility('not-a-handle', 1)).toThrow(/ReceiptHandleIsInvalid/);
  });
});
