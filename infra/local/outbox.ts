/**
 * The local runtime's text message sender: every SMS the system would send (sign-in codes,
 * residents' updates, operators' alerts) is kept here instead, one JSON object per line in
 * `.local/outbox.jsonl` (or in memory for in-memory runs), listed at GET /_local/outbox and read
 * by the tests. Local only: it holds phone numbers in clear, as an SMS gateway's log would.
 */
import type { TextMessage, TextMessageSender } from '#lib/messaging/text-message.ts';
import { fileJsonLines, type JsonLines, memoryJsonLines } from './json-lines.ts';

export interface OutboxMessage extends TextMessage {
  sentAt: string;
}

export interface Outbox extends TextMessageSender {
  /** The file path, or `memory`. */
  readonly location: string;
  list(): OutboxMessage[];
}

export function fileOutbox(path: string): Outbox {
  return outbox(fileJsonLines<OutboxMessage>(path));
}

export function memoryOutbox(): Outbox {
  return outbox(memoryJsonLines<OutboxMessage>());
}

function outbox(lines: JsonLines<OutboxMessage>): Outbox {
  return {
    name: 'outbox',
    location: lines.location,
    async send(message) {
      lines.append({ ...message, sentAt: new Date().toISOString() });
      return { ok: true };
    },
    list: () => lines.list(),
  };
}
