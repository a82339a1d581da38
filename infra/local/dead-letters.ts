/**
 * The local on-failure destination of the stream consumers and queue consumers: records Lambda would
 * hand to the SQS dead-letter queue after retries (or record age) run out, and queue messages SQS
 * would move to the queue's dead-letter queue after `maxReceiveCount` receives. Locally each is kept
 * whole, one JSON object per line in `.local/dead-letters.jsonl`, or in memory for in-memory runs,
 * and listed at GET /_local/dead-letters. Nothing a consumer fails on is dropped silently.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { fileJsonLines, type JsonLines, memoryJsonLines } from './json-lines.ts';

export type DeadLetterReason = 'retryAttemptsExhausted' | 'recordAgeExceeded';

export type DeadLetter = StreamDeadLetter | QueueDeadLetter;

/** A stream record a stream consumer gave up on (infra/local/stream-poller.ts). */
export interface StreamDeadLetter {
  kind?: 'stream';
  consumer: string;
  reason: DeadLetterReason;
  /** Invocations that failed on this record before it was set aside. */
  attempts: number;
  error?: string;
  shardId: string;
  deadLetteredAt: string;
  record: DynamoDBRecord;
}

/** A queue message received `maxReceiveCount` times without success (infra/local/queue-runner.ts). */
export interface QueueDeadLetter {
  kind: 'queue';
  /** The queue consumer's name. */
  consumer: string;
  reason: 'maxReceiveCountExceeded';
  /** Receives before it was set aside. */
  attempts: number;
  error: string;
  deadLetteredAt: string;
  message: { messageId: string; body: string; sentAt: string };
}

export interface DeadLetterStore {
  /** The file path, or `memory`. */
  readonly location: string;
  add(letter: DeadLetter): void;
  list(): DeadLetter[];
}

export function fileDeadLetterStore(path: string): DeadLetterStore {
  return deadLetterStore(fileJsonLines<DeadLetter>(path));
}

export function memoryDeadLetterStore(): DeadLetterStore {
  return deadLetterStore(memoryJsonLines<DeadLetter>());
}

function deadLetterStore(lines: JsonLines<DeadLetter>): DeadLetterStore {
  return { location: lines.location, add: (letter) => lines.append(letter), list: () => lines.list() };
}
