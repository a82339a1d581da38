/**
 * Lambda's DynamoDB event source mapping, locally: one reader per (consumer, shard) over the
 * DynamoDB Streams API of DynamoDB Local, handing each consumer the DynamoDBStreamEvent Lambda would.
 *
 * - Shards: discovered every poll; a child shard is read only after its parent is finished, so the
 *   records of one item are always delivered in order. Closed shards are read to the end.
 * - Filters: records that match none of the consumer's patterns are skipped (Lambda drops them).
 * - Batches: up to `batchSize` matching records of one shard, as soon as any are available
 *   (MaximumBatchingWindow 0).
 * - Partial batch response (`batchItemFailures`): records before the lowest failed sequence number
 *   are checkpointed; the batch is retried from that record. An unknown or empty itemIdentifier fails
 *   the whole batch, as in Lambda.
 * - A thrown error (or timeout, or malformed response) fails the whole batch; with bisection on
 *   (the default, like the cloud stack) the batch is halved until the failing record is alone.
 * - Retries are counted per record: a record that failed 1 + `retryAttempts` times, or is older than
 *   `maxRecordAgeSeconds`, goes to the dead-letter store with the reason, and reading moves on.
 * - Checkpoints (last sequence number done, per consumer and shard) go to the checkpoint store.
 * `drain()` resolves once every reader has caught up with the stream and nothing is being retried.
 */
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  type Shard,
  type ShardIteratorType,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { forwardedRecord } from '#lib/streams/fan-out.ts';
import { matchesAnyFilter } from '#lib/topology/stream-filter.ts';
import { type StreamConsumerDeclaration, streamConsumers as declaredConsumers } from '#lib/topology/topology.ts';
import { type DeadLetterReason, type DeadLetterStore, memoryDeadLetterStore } from './dead-letters.ts';
import { type HandlerLoader, moduleHandlerLoader } from './handler-loader.ts';
import { invokeHandler } from './lambda-context.ts';
import { errorMessage, type LocalLog, silentLog } from './log.ts';
import { type CheckpointStore, memoryCheckpointStore } from './stream-checkpoints.ts';
import { compareSequenceNumbers, toLambdaRecord } from './stream-records.ts';

export interface StreamPollerOptions {
  streams: DynamoDBStreamsClient;
  streamArn: string;
  consumers?: readonly StreamConsumerDeclaration[];
  loadHandler?: HandlerLoader;
  checkpoints?: CheckpointStore;
  deadLetters?: DeadLetterStore;
  pollIntervalMs?: number;
  /** Wait before retrying a failed record: this × the record's failures so far (capped at 5 s). */
  retryBackoffMs?: number;
  bisectBatchOnError?: boolean;
  /** Consumer function timeout. */
  timeoutMs?: number;
  /** Where a consumer starts in a shard it has no checkpoint for, when the poller starts. */
  startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  log?: LocalLog;
}

export interface StreamPoller {
  /** Resolves when every consumer has processed (or dead-lettered) everything in the stream. */
  drain(timeoutMs?: number): Promise<void>;
  /** A write just landed: idle readers read now rather than at their next poll. */
  nudge(): void;
  stop(): Promise<void>;
}

interface Settings {
  streams: DynamoDBStreamsClient;
  streamArn: string;
  loadHandler: HandlerLoader;
  checkpoints: CheckpointStore;
  deadLetters: DeadLetterStore;
  pollIntervalMs: number;
  retryBackoffMs: number;
  bisectBatchOnError: boolean;
  timeoutMs: number;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  log: LocalLog;
}

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const poller = new Poller(options.consumers ?? declaredConsumers, {
    streams: options.streams,
    streamArn: options.streamArn,
    loadHandler: options.loadHandler ?? moduleHandlerLoader(),
    checkpoints: options.checkpoints ?? memoryCheckpointStore(),
    deadLetters: options.deadLetters ?? memoryDeadLetterStore(),
    pollIntervalMs: options.pollIntervalMs ?? 200,
    retryBackoffMs: options.retryBackoffMs ?? 200,
    bisectBatchOnError: options.bisectBatchOnError ?? true,
    timeoutMs: options.timeoutMs ?? 30_000,
    startingPosition: options.startingPosition ?? 'TRIM_HORIZON',
    log: options.log ?? silentLog,
  });
  await poller.start();
  return { drain: (timeoutMs) => poller.drain(timeoutMs), nudge: () => poller.nudge(), stop: () => poller.stop() };
}

/** A pause that `wake()` ends early. */
class Pause {
  private wakeUp: (() => void) | undefined;

  wait(ms: number): Promise<void> {
    return new Promise((done) => {
      const timer = setTimeout(() => this.wakeUp?.(), ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        done();
      };
    });
  }

  wake(): void {
    this.wakeUp?.();
  }
}

class Poller {
  readonly settings: Settings;
  stopped = false;
  /** Logical clock: orders fetches, describes and invocations for `drain()`. */
  private clock = 0;
  activityAt = 0;
  private describedAt = 0;
  private shards = new Map<string, Shard>();
  private shardsAtStart: Set<string> | undefined;
  private workers = new Map<string, ShardWorker>();
  private discovery: Promise<void> | undefined;
  private discoveryPause = new Pause();
  private lastDiscoveryError: string | undefined;

  constructor(
    private readonly consumers: readonly StreamConsumerDeclaration[],
    settings: Settings,
  ) {
    this.settings = settings;
  }

  now(): number {
    this.clock += 1;
    return this.clock;
  }

  async start(): Promise<void> {
    if (this.consumers.length === 0) return;
    await this.discover();
    this.discovery = this.discoverForever();
  }

  private async discoverForever(): Promise<void> {
    while (!this.stopped) {
      await this.discoveryPause.wait(this.settings.pollIntervalMs);
      if (this.stopped) break;
      try {
        await this.discover();
        this.lastDiscoveryError = undefined;
      } catch (error) {
        const message = errorMessage(error);
        if (!this.stopped && message !== this.lastDiscoveryError)
          this.settings.log('warn', `stream poller: DescribeStream failed: ${message}`);
        this.lastDiscoveryError = message;
      }
    }
  }

  private async discover(): Promise<void> {
    const startedAt = this.now();
    const shards: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const page = await this.settings.streams.send(
        new DescribeStreamCommand({ StreamArn: this.settings.streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      shards.push(...(page.StreamDescription?.Shards ?? []));
      exclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    this.shards = new Map(shards.flatMap((shard) => (shard.ShardId ? [[shard.ShardId, shard] as const] : [])));
    this.shardsAtStart ??= new Set(this.shards.keys());
    this.spawnWorkers();
    this.describedAt = startedAt;
  }

  spawnWorkers(): void {
    if (this.stopped) return;
    for (const consumer of this.consumers) {
      for (const [shardId, shard] of this.shards) {
        const key = `${consumer.name}|${shardId}`;
        if (this.workers.has(key)) continue;
        const parent = shard.ParentShardId;
        // Parents first: a child shard holds later changes to the same items.
        if (parent && this.shards.has(parent) && !this.isFinished(consumer, parent)) continue;
        const checkpoint = this.settings.checkpoints.get(consumer.name, this.settings.streamArn, shardId);
        const startAtLatest = this.settings.startingPosition === 'LATEST' && this.shardsAtStart?.has(shardId) === true;
        const worker = new ShardWorker(this, consumer, shardId, checkpoint?.sequenceNumber, checkpoint?.finished === true, startAtLatest);
        this.workers.set(key, worker);
        worker.start();
      }
    }
  }

  private isFinished(consumer: StreamConsumerDeclaration, shardId: string): boolean {
    const worker = this.workers.get(`${consumer.name}|${shardId}`);
    if (worker) return worker.finished;
    return this.settings.checkpoints.get(consumer.name, this.settings.streamArn, shardId)?.finished === true;
  }

  shardFinished(): void {
    this.spawnWorkers();
  }

  private isIdle(): boolean {
    if (this.consumers.length === 0) return true;
    if (this.describedAt <= this.activityAt) return false;
    for (const consumer of this.consumers) {
      for (const shardId of this.shards.keys()) {
        const worker = this.workers.get(`${consumer.name}|${shardId}`);
        if (!worker?.isIdle(this.activityAt)) return false;
      }
    }
    return true;
  }

  async drain(timeoutMs = 30_000): Promise<void> {
    this.activityAt = this.now();
    this.discoveryPause.wake();
    for (const worker of this.workers.values()) worker.wakeIfIdle();
    const deadline = Date.now() + timeoutMs;
    while (!this.isIdle()) {
      if (this.stopped) throw new Error('stream poller stopped while draining');
      if (Date.now() > deadline) throw new Error(`stream poller still busy after ${timeoutMs} ms: ${this.busyDescription()}`);
      await new Promise((done) => setTimeout(done, 20));
    }
  }

  nudge(): void {
    if (this.stopped) return;
    this.discoveryPause.wake();
    for (const worker of this.workers.values()) worker.wakeIfIdle();
  }

  private busyDescription(): string {
    const busy = [...this.workers.values()].filter((worker) => !worker.isIdle(this.activityAt)).map((worker) => worker.describe());
    return busy.length > 0 ? busy.join('; ') : 'waiting for shard discovery';
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.discoveryPause.wake();
    for (const worker of this.workers.values()) worker.wake();
    await Promise.all([this.discovery, ...[...this.workers.values()].map((worker) => worker.running)]);
  }
}

interface Buffered {
  record: DynamoDBRecord;
  sequenceNumber: string;
  /** False for records the filters reject and for records already set aside: both are skipped. */
  deliver: boolean;
}

type Outcome = { kind: 'success' } | { kind: 'partial'; failed: string[] } | { kind: 'error'; error: string };

class ShardWorker {
  running: Promise<void> = Promise.resolve();
  /** undefined: not opened yet; null: the shard is closed and read to its end. */
  private iterator: string | null | undefined;
  private buffer: Buffered[] = [];
  private lastFetched: string | undefined;
  private readFromTrimHorizon = false;
  private failures = new Map<string, number>();
  private bisectLimit: number | undefined;
  private caughtUpAt = 0;
  private pause = new Pause();
  private waitingToRetry = false;
  private lastError: string | undefined;

  constructor(
    private readonly poller: Poller,
    private readonly consumer: StreamConsumerDeclaration,
    private readonly shardId: string,
    private checkpoint: string | undefined,
    public finished: boolean,
    private readonly startAtLatest: boolean,
  ) {}

  private get settings(): Settings {
    return this.poller.settings;
  }

  start(): void {
    if (!this.finished) this.running = this.loop();
  }

  isIdle(activityAt: number): boolean {
    if (this.finished) return true;
    return this.buffer.length === 0 && !this.waitingToRetry && this.caughtUpAt > activityAt;
  }

  wakeIfIdle(): void {
    if (!this.waitingToRetry) this.pause.wake();
  }

  wake(): void {
    this.pause.wake();
  }

  describe(): string {
    const retrying = [...this.failures.entries()].map(([sequenceNumber, count]) => `${sequenceNumber}×${count}`).join(',');
    return `${this.consumer.name}/${this.shardId}: ${this.buffer.length} buffered${retrying ? `, retrying ${retrying}` : ''}${this.lastError ? `, last error: ${this.lastError}` : ''}`;
  }

  private async loop(): Promise<void> {
    while (!this.poller.stopped && !this.finished) {
      let delay: number;
      try {
        delay = await this.step();
        this.lastError = undefined;
      } catch (error) {
        if (this.poller.stopped) break;
        const message = errorMessage(error);
        if (message !== this.lastError) this.settings.log('warn', `stream poller ${this.consumer.name}/${this.shardId}: ${message}`);
        this.lastError = message;
        delay = this.settings.pollIntervalMs;
      }
      if (delay > 0 && !this.poller.stopped) await this.pause.wait(delay);
      this.waitingToRetry = false;
    }
  }

  /** One round: read if needed, deliver one batch. Returns how long to wait before the next. */
  private async step(): Promise<number> {
    if (this.iterator === undefined) await this.openIterator();
    if (this.iterator && this.deliverableCount() < this.consumer.batchSize) await this.fetch();
    this.setAsideExpired();
    this.skipUndeliverable();
    if (this.buffer.length === 0) {
      if (this.iterator === null) this.finish();
      return this.settings.pollIntervalMs;
    }
    return this.deliverBatch();
  }

  private async openIterator(): Promise<void> {
    const after = this.readFromTrimHorizon ? undefined : (this.lastFetched ?? this.checkpoint);
    const type: ShardIteratorType = after
      ? 'AFTER_SEQUENCE_NUMBER'
      : this.startAtLatest && !this.readFromTrimHorizon
        ? 'LATEST'
        : 'TRIM_HORIZON';
    try {
      const opened = await this.settings.streams.send(
        new GetShardIteratorCommand({
          StreamArn: this.settings.streamArn,
          ShardId: this.shardId,
          ShardIteratorType: type,
          ...(after ? { SequenceNumber: after } : {}),
        }),
      );
      this.iterator = opened.ShardIterator ?? null;
    } catch (error) {
      if (error instanceof TrimmedDataAccessException) {
        this.settings.log(
          'warn',
          `${this.consumer.name}/${this.shardId}: records after ${after} were trimmed from the stream; reading from the oldest kept`,
        );
        this.readFromTrimHorizon = true;
        return;
      }
      if (error instanceof ResourceNotFoundException) {
        this.settings.log('warn', `${this.consumer.name}/${this.shardId}: the shard no longer exists`);
        this.iterator = null;
        return;
      }
      throw error;
    }
  }

  private async fetch(): Promise<void> {
    const startedAt = this.poller.now();
    let page: GetRecordsCommandOutput;
    try {
      page = await this.settings.streams.send(new GetRecordsCommand({ ShardIterator: this.iterator as string, Limit: 1000 }));
    } catch (error) {
      if (error instanceof ExpiredIteratorException) {
        this.iterator = undefined;
        return;
      }
      if (error instanceof TrimmedDataAccessException) {
        this.readFromTrimHorizon = true;
        this.iterator = undefined;
        return;
      }
      throw error;
    }
    this.readFromTrimHorizon = false;
    for (const streamRecord of page.Records ?? []) {
      const record = toLambdaRecord(streamRecord, this.settings.streamArn);
      const sequenceNumber = record.dynamodb?.SequenceNumber;
      if (!sequenceNumber) continue;
      // Filtered on the whole record, handed over as the router would hand it (only its keys, for some consumers).
      this.buffer.push({ record: forwardedRecord(record, this.consumer), sequenceNumber, deliver: matchesAnyFilter(this.consumer.filters, record) });
      this.lastFetched = sequenceNumber;
    }
    this.iterator = page.NextShardIterator ?? null;
    if ((page.Records ?? []).length === 0) this.caughtUpAt = startedAt;
  }

  private deliverableCount(): number {
    return this.buffer.filter((entry) => entry.deliver).length;
  }

  /** Lambda discards records older than the maximum record age instead of invoking with them. */
  private setAsideExpired(): void {
    const maxAge = this.consumer.maxRecordAgeSeconds;
    if (maxAge < 0) return;
    const nowSeconds = Date.now() / 1000;
    for (const entry of this.buffer) {
      const created = entry.record.dynamodb?.ApproximateCreationDateTime;
      if (!entry.deliver || created === undefined || nowSeconds - created <= maxAge) continue;
      this.deadLetter(entry, 'recordAgeExceeded', `older than maxRecordAgeSeconds (${maxAge})`);
      entry.deliver = false;
    }
  }

  private skipUndeliverable(): void {
    let advanced = false;
    while (this.buffer[0] && !this.buffer[0].deliver) {
      this.checkpoint = (this.buffer.shift() as Buffered).sequenceNumber;
      advanced = true;
    }
    if (advanced) this.saveCheckpoint();
  }

  private async deliverBatch(): Promise<number> {
    const limit = this.bisectLimit ?? this.consumer.batchSize;
    const batch: Buffered[] = [];
    let spanEnd = 0;
    for (const [index, entry] of this.buffer.entries()) {
      if (batch.length >= limit) break;
      if (!entry.deliver) continue;
      batch.push(entry);
      spanEnd = index;
    }
    const event: DynamoDBStreamEvent = { Records: batch.map((entry) => entry.record) };
    const started = Date.now();
    const outcome = await this.invoke(event, batch);
    this.poller.activityAt = this.poller.now();
    const summary = `${this.consumer.name}: ${batch.length} record(s) from ${this.shardId} in ${Date.now() - started} ms`;

    if (outcome.kind === 'success') {
      this.settings.log('info', `${summary} → ok`);
      for (const entry of batch) this.failures.delete(entry.sequenceNumber);
      this.checkpoint = this.buffer[spanEnd]?.sequenceNumber;
      this.buffer.splice(0, spanEnd + 1);
      this.bisectLimit = undefined;
      this.saveCheckpoint();
      return 0;
    }

    if (outcome.kind === 'partial') {
      this.settings.log('warn', `${summary} → ${outcome.failed.length} failed (batchItemFailures)`);
      this.bisectLimit = undefined;
      for (const sequenceNumber of outcome.failed) this.countFailure(sequenceNumber);
      const lowest = [...outcome.failed].sort(compareSequenceNumbers)[0] as string;
      const lowestIndex = this.buffer.findIndex((entry) => entry.sequenceNumber === lowest);
      if (lowestIndex > 0) {
        this.checkpoint = this.buffer[lowestIndex - 1]?.sequenceNumber;
        this.buffer.splice(0, lowestIndex);
        this.saveCheckpoint();
      }
      return this.retryOrSetAside([this.buffer[0] as Buffered], 'reported in batchItemFailures');
    }

    if (this.settings.bisectBatchOnError && batch.length > 1) {
      this.bisectLimit = Math.ceil(batch.length / 2);
      this.settings.log('warn', `${summary} → error (${outcome.error}); retrying the first ${this.bisectLimit}`);
      return 0;
    }
    this.settings.log('warn', `${summary} → error (${outcome.error})`);
    for (const entry of batch) this.countFailure(entry.sequenceNumber);
    return this.retryOrSetAside(batch, outcome.error);
  }

  /** `failed` starts at the buffer's head. Either wait to retry, or dead-letter them and move on. */
  private retryOrSetAside(failed: Buffered[], error: string): number {
    const head = failed[0] as Buffered;
    const attempts = this.failures.get(head.sequenceNumber) ?? 0;
    const retryAttempts = this.consumer.retryAttempts;
    if (retryAttempts < 0 || attempts <= retryAttempts) {
      this.waitingToRetry = true;
      return Math.min(this.settings.retryBackoffMs * attempts, 5000);
    }
    for (const entry of failed) {
      this.deadLetter(entry, 'retryAttemptsExhausted', error);
      entry.deliver = false;
    }
    this.bisectLimit = undefined;
    this.skipUndeliverable();
    return 0;
  }

  private countFailure(sequenceNumber: string): void {
    this.failures.set(sequenceNumber, (this.failures.get(sequenceNumber) ?? 0) + 1);
  }

  private deadLetter(entry: Buffered, reason: DeadLetterReason, error: string): void {
    const attempts = this.failures.get(entry.sequenceNumber) ?? 0;
    this.failures.delete(entry.sequenceNumber);
    this.settings.deadLetters.add({
      consumer: this.consumer.name,
      reason,
      attempts,
      error,
      shardId: this.shardId,
      deadLetteredAt: new Date().toISOString(),
      record: entry.record,
    });
    this.settings.log(
      'error',
      `${this.consumer.name}: record ${entry.sequenceNumber} (${entry.record.eventName}) set aside in ${this.settings.deadLetters.location}: ${reason} after ${attempts} failed attempt(s): ${error}`,
    );
  }

  private async invoke(event: DynamoDBStreamEvent, batch: Buffered[]): Promise<Outcome> {
    let result: unknown;
    try {
      const handler = await this.settings.loadHandler(this.consumer.handler);
      result = await invokeHandler(handler, event, { functionName: this.consumer.name, timeoutMs: this.settings.timeoutMs });
    } catch (error) {
      if (!this.poller.stopped) this.settings.log('error', `${this.consumer.name} (${this.consumer.handler}) threw`, error);
      return { kind: 'error', error: errorMessage(error) };
    }
    return interpretBatchResponse(result, batch);
  }

  private finish(): void {
    this.finished = true;
    this.settings.checkpoints.set(this.consumer.name, this.settings.streamArn, this.shardId, {
      ...(this.checkpoint ? { sequenceNumber: this.checkpoint } : {}),
      finished: true,
    });
    this.poller.shardFinished();
  }

  private saveCheckpoint(): void {
    if (!this.checkpoint) return;
    this.settings.checkpoints.set(this.consumer.name, this.settings.streamArn, this.shardId, { sequenceNumber: this.checkpoint });
  }
}

/**
 * Lambda's reading of a stream handler's response: nothing, or an empty or null
 * `batchItemFailures`, is success; an identifier that is empty or not in the batch fails the batch.
 */
function interpretBatchResponse(result: unknown, batch: Buffered[]): Outcome {
  if (typeof result !== 'object' || result === null || !('batchItemFailures' in result)) return { kind: 'success' };
  const failures = (result as { batchItemFailures: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'error', error: 'batchItemFailures is not a list' };
  if (failures.length === 0) return { kind: 'success' };
  const inBatch = new Set(batch.map((entry) => entry.sequenceNumber));
  const failed: string[] = [];
  for (const failure of failures) {
    const identifier: unknown =
      typeof failure === 'object' && failure !== null ? (failure as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof identifier !== 'string' || !inBatch.has(identifier)) {
      return { kind: 'error', error: `batchItemFailures names ${JSON.stringify(identifier)}, not a sequence number in the batch` };
    }
    failed.push(identifier);
  }
  return { kind: 'partial', failed: [...new Set(failed)] };
}
