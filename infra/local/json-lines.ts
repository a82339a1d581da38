/**
 * An append-only list of JSON objects for the local runtime's logs of what it would have handed
 * to AWS (dead letters, the SMS outbox): one object per line in a file, or in memory.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface JsonLines<T> {
  /** The file path, or `memory`. */
  readonly location: string;
  append(entry: T): void;
  list(): T[];
}

export function fileJsonLines<T>(path: string): JsonLines<T> {
  return {
    location: path,
    append(entry) {
      mkdirSync(dirname(path), { recursive: true });
      appendFileSync(path, `${JSON.stringify(entry)}\n`);
    },
    list() {
      if (!existsSync(path)) return [];
      return readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as T);
    },
  };
}

export function memoryJsonLines<T>(): JsonLines<T> {
  const entries: T[] = [];
  return {
    location: 'memory',
    append: (entry) => {
      entries.push(structuredClone(entry));
    },
    list: () => structuredClone(entries),
  };
}
