/**
 * Routing a table stream record to the consumers that want it: each consumer's declared filters
 * (lib/topology/topology.ts) decide, as Lambda's event filtering would, and the message keeps the
 * record whole (or only its keys, where the consumer is declared so), grouped by the item's key so
 * one need's records stay in order while different needs are handled side by side. Pure: no AWS import.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { matchesAnyFilter } from '../topology/stream-filter.ts';
import type { StreamConsumerDeclaration } from '../topology/topology.ts';

export interface RoutedMessage {
  consumer: string;
  /** FIFO message group: the item's partition key (a need with its offers and rating, a partner). */
  groupId: string;
  /** FIFO deduplication id: a record re-sent by a retried router is dropped within 5 minutes. */
  deduplicationId: string;
  body: string;
}

/** The consumers whose filters admit `record`, in declaration order. */
export function consumersOf(record: DynamoDBRecord, consumers: readonly StreamConsumerDeclaration[]): StreamConsumerDeclaration[] {
  return consumers.filter((consumer) => consumer.filters.length > 0 && matchesAnyFilter(consumer.filters, record));
}

export function routedMessages(record: DynamoDBRecord, consumers: readonly StreamConsumerDeclaration[]): RoutedMessage[] {
  const groupId = record.dynamodb?.Keys?.pk?.S;
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  if (!groupId || !sequenceNumber) throw new Error(`stream record ${record.eventID ?? '?'} has no pk or sequence number`);
  const whole = JSON.stringify(record);
  return consumersOf(record, consumers).map((consumer) => ({
    consumer: consumer.name,
    groupId: groupId.slice(0, 128),
    deduplicationId: sequenceNumber.slice(0, 128),
    body: consumer.forwards === 'keys' ? JSON.stringify(forwardedRecord(record, consumer)) : whole,
  }));
}

/**
 * The record as its consumer receives it, in the cloud (through the router) and locally (the stream
 * poller) alike: whole, or without its images for a consumer declared `forwards: 'keys'`.
 */
export function forwardedRecord(record: DynamoDBRecord, consumer: Pick<StreamConsumerDeclaration, 'forwards'>): DynamoDBRecord {
  if (consumer.forwards !== 'keys' || !record.dynamodb) return record;
  const { NewImage: _new, OldImage: _old, ...keysAndPosition } = record.dynamodb;
  return { ...record, dynamodb: { ...keysAndPosition, StreamViewType: 'KEYS_ONLY' } };
}
