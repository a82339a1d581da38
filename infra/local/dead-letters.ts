/**
 * The local on-failure destination of the stream consumers: records Lambda would hand to the SQS
 * dead-letter queue after retries (or record age) run out. Locally each is kept whole, one JSON
 * object per line in `.local/dead-letters.jsonl`, or in memory for in-memory runs, and listed at
 * GET /_local/dead-letters. Nothing a consumer fails on is dropped silently.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { fileJsonLines, type JsonLines, memoryJsonLines } from './json-lines.ts';

export type DeadLetterReason = 'retryAttemptsExhausted' | 'recordAgeExceeded';

export interface DeadLetter {
  consumer: string;
  reason: DeadLetterReason;
  /** Invocations that failed on this record before it was set aside. */
  attempts: number;
  error?: string;
  shardId: string;
  deadLetteredAt: string;
  record: DynamoDBRecord;
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
