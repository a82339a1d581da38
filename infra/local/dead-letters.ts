/**
 * The local on-failure destination of the stream consumers: records Lambda would hand to the SQS
 * dead-letter queue after retries (or record age) run out. Locally each is kept whole, one JSON
 * object per line in `.local/dead-letters.jsonl`, or in memory for in-memory runs, and listed at
 * GET /_local/dead-letters. Nothing a consumer fails on is dropped silently.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DynamoDBRecord } from 'aws-lambda';

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
  return {
    location: path,
    add(letter) {
      mkdirSync(dirname(path), { recursive: true });
      appendFileSync(path, `${JSON.stringify(letter)}\n`);
    },
    list() {
      if (!existsSync(path)) return [];
      return readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as DeadLetter);
    },
  };
}

export function memoryDeadLetterStore(): DeadLetterStore {
  const letters: DeadLetter[] = [];
  return {
    location: 'memory',
    add: (letter) => {
      letters.push(structuredClone(letter));
    },
    list: () => structuredClone(letters),
  };
}
