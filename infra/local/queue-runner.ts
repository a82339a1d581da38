/**
 * Lambda reading an SQS standard queue, locally: an in-process queue per declared queue consumer
 * (lib/topology/topology.ts), handing the consumer the SQSEvent Lambda would, with SQS's rules.
 *
 * - Receive: up to `batchSize` visible messages, oldest first; each receive counts
 *   (`ApproximateReceiveCount`), gives a new receipt handle and hides the message for the queue's
 *   visibility timeout. Up to `maxConcurrency` invocations run at once.
 * - A message already received `retry.maxReceiveCount` times is not handed over again: it moves to
 *   the dead-letter store (as SQS moves it to the redrive policy's queue).
 * - Partial batch response (`batchItemFailures`): the messages not named are deleted; the named ones
 *   stay hidden until their visibility ends. A thrown error, a timeout or a malformed response leaves
 *   the whole batch to reappear.
 * - `changeVisibility(receiptHandle, seconds)` (what the consumer calls for its backoff) hides a
 *   received message for that long from now, as SQS ChangeMessageVisibility does.
 * `drain()` resolves once every queue is empty and no invocation runs.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueConsumerDeclaration } from '#lib/topology/topology.ts';
import type { DeadLetterStore } from './dead-letters.ts';
import type { HandlerLoader } from './handler-loader.ts';
import { invokeHandler, localAccountId } from './lambda-context.ts';
import { errorMessage, type LocalLog } from './log.ts';

export interface LocalQueue {
  readonly name: string;
  /** Puts a message on the queue; answers its id. */
  send(body: string): string;
  changeVisibility(receiptHandle: string, seconds: number): void;
}

export interface QueueRunner {
  queue(name: string): LocalQueue;
  /** True when every queue is empty and nothing runs. */
  isIdle(): boolean;
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface QueueRunnerOptions {
  consumers: readonly QueueConsumerDeclaration[];
  loadHandler: HandlerLoader;
  deadLetters: DeadLetterStore;
  log: LocalLog;
}

interface Message {
  messageId: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  receiptHandle?: string;
  visibleAt: number;
  lastError?: string;
}

class Queue implements LocalQueue {
  readonly name: string;
  private readonly messages: Message[] = [];
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly invocations = new Set<Promise<void>>();

  constructor(
    private readonly consumer: QueueConsumerDeclaration,
    private readonly options: QueueRunnerOptions,
  ) {
    this.name = consumer.name;
  }

  send(body: string): string {
    const messageId = randomUUID();
    this.messages.push({ messageId, body, sentAt: Date.now(), receiveCount: 0, visibleAt: Date.now() });
    queueMicrotask(() => this.pump());
    return messageId;
  }

  changeVisibility(receiptHandle: string, seconds: number): void {
    const message = this.messages.find((candidate) => candidate.receiptHandle === receiptHandle);
    if (!message) throw new Error(`ReceiptHandleIsInvalid: no message in flight on ${this.name} with that receipt handle`);
    message.visibleAt = Date.now() + Math.max(0, seconds) * 1000;
    this.schedule();
  }

  isIdle(): boolean {
    return this.messages.length === 0 && this.running === 0;
  }

  describe(): string {
    const waiting = this.messages.map((message) => `${message.messageId.slice(0, 8)}×${message.receiveCount}`).join(', ');
    return `${this.name}: ${this.messages.length} message(s) [${waiting}], ${this.running} invocation(s) running`;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.invocations]);
  }

  /** Hands visible messages over while invocations are free, then waits for the next to become visible. */
  private pump(): void {
    if (this.stopped) return;
    while (this.running < this.consumer.maxConcurrency) {
      const batch = this.receive();
      if (batch.length === 0) break;
      const invocation = this.invoke(batch).finally(() => {
        this.invocations.delete(invocation);
        this.running -= 1;
        this.pump();
      });
      this.running += 1;
      this.invocations.add(invocation);
    }
    this.schedule();
  }

  private receive(): Message[] {
    const now = Date.now();
    const batch: Message[] = [];
    for (const message of [...this.messages]) {
      if (batch.length >= this.consumer.batchSize) break;
      if (message.visibleAt > now) continue;
      if (message.receiveCount >= this.consumer.retry.maxReceiveCount) {
        this.setAside(message);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.receiptHandle = randomUUID();
      message.visibleAt = now + this.consumer.visibilityTimeoutSeconds * 1000;
      batch.push(message);
    }
    return batch;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.stopped || this.messages.length === 0) return;
    const next = Math.min(...this.messages.map((message) => message.visibleAt));
    this.timer = setTimeout(() => this.pump(), Math.max(0, next - Date.now()));
  }

  private async invoke(batch: Message[]): Promise<void> {
    const receiptHandles = new Map(batch.map((message) => [message.messageId, message.receiptHandle]));
    let failed: Set<string>;
    try {
      const handler = await this.options.loadHandler(this.consumer.handler);
      const response = await invokeHandler(handler, this.eventOf(batch), {
        functionName: this.consumer.name,
        timeoutMs: this.consumer.timeoutSeconds * 1000,
      });
      failed = failedIds(response, batch);
      for (const message of batch) if (failed.has(message.messageId)) message.lastError = 'reported in batchItemFailures';
    } catch (error) {
      if (!this.stopped) this.options.log('warn', `${this.name}: ${batch.length} message(s) failed: ${errorMessage(error)}`);
      failed = new Set(batch.map((message) => message.messageId));
      for (const message of batch) message.lastError = errorMessage(error);
    }
    for (const message of batch) {
      // A message deleted by its receipt handle: only the receive that still holds it.
      if (failed.has(message.messageId) || message.receiptHandle !== receiptHandles.get(message.messageId)) continue;
      this.remove(message);
    }
  }

  private eventOf(batch: Message[]): SQSEvent {
    const region = process.env.AWS_REGION ?? 'local';
    return {
      Records: batch.map(
        (message): SQSRecord => ({
          messageId: message.messageId,
          receiptHandle: message.receiptHandle ?? '',
          body: message.body,
          attributes: {
            ApproximateReceiveCount: String(message.receiveCount),
            SentTimestamp: String(message.sentAt),
            SenderId: localAccountId,
            ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
          },
          messageAttributes: {},
          md5OfBody: createHash('md5').update(message.body).digest('hex'),
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:${region}:${localAccountId}:${this.name}`,
          awsRegion: region,
        }),
      ),
    };
  }

  private setAside(message: Message): void {
    this.remove(message);
    const error = message.lastError ?? 'not processed';
    this.options.deadLetters.add({
      kind: 'queue',
      consumer: this.name,
      reason: 'maxReceiveCountExceeded',
      attempts: message.receiveCount,
      error,
      deadLetteredAt: new Date().toISOString(),
      message: { messageId: message.messageId, body: message.body, sentAt: new Date(message.sentAt).toISOString() },
    });
    this.options.log(
      'error',
      `${this.name}: message ${message.messageId} set aside in ${this.options.deadLetters.location} after ${message.receiveCount} receive(s): ${error}`,
    );
  }

  private remove(message: Message): void {
    const index = this.messages.indexOf(message);
    if (index >= 0) this.messages.splice(index, 1);
  }
}

/** Lambda's reading of an SQS handler's response: the failed message ids; anything malformed fails the batch. */
function failedIds(response: unknown, batch: Message[]): Set<string> {
  if (typeof response !== 'object' || response === null || !('batchItemFailures' in response)) return new Set();
  const failures = (response as { batchItemFailures: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return new Set();
  if (!Array.isArray(failures)) throw new Error('batchItemFailures is not a list');
  const inBatch = new Set(batch.map((message) => message.messageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const identifier: unknown =
      typeof failure === 'object' && failure !== null ? (failure as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof identifier !== 'string' || !inBatch.has(identifier)) {
      throw new Error(`batchItemFailures names ${JSON.stringify(identifier)}, not a message id in the batch`);
    }
    failed.add(identifier);
  }
  return failed;
}

export function startQueueRunner(options: QueueRunnerOptions): QueueRunner {
  const queues = new Map(options.consumers.map((consumer) => [consumer.name, new Queue(consumer, options)]));
  const isIdle = () => [...queues.values()].every((queue) => queue.isIdle());
  return {
    queue(name) {
      const queue = queues.get(name);
      if (!queue) throw new Error(`No local queue named ${name}`);
      return queue;
    },
    isIdle,
    async drain(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!isIdle()) {
        if (Date.now() > deadline) {
          throw new Error(`queues still busy after ${timeoutMs} ms: ${[...queues.values()].map((queue) => queue.describe()).join('; ')}`);
        }
        await new Promise((done) => setTimeout(done, 20));
      }
    },
    async stop() {
      await Promise.all([...queues.values()].map((queue) => queue.stop()));
    },
  };
}
