/**
 * The queue of partners' deliveries, as the notifier and the sender see it: put messages on it, and
 * keep a received message hidden for a while before its next receive (the retry's backoff). In the
 * cloud an SQS standard queue (DELIVERY_QUEUE_URL, set by infra/queue-consumer.ts); the local runtime
 * installs its in-process queue with useDeliveryQueue before any handler runs, as it does the outbox.
 */
import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type DeliveryMessage, deliveryMessageBody } from '../notifications/delivery-message.ts';

export interface DeliveryQueue {
  send(messages: readonly DeliveryMessage[]): Promise<void>;
  /** The received message (by its receipt handle) is next received no sooner than `seconds` from now. */
  retryAfter(receiptHandle: string, seconds: number): Promise<void>;
}

export const deliveryQueueUrlVariable = 'DELIVERY_QUEUE_URL';

/** SQS takes up to ten messages a batch call. */
const sqsBatchLimit = 10;

let installed: DeliveryQueue | undefined;
let cloudQueue: DeliveryQueue | undefined;

export function useDeliveryQueue(queue: DeliveryQueue | undefined): void {
  installed = queue;
}

export function deliveryQueue(): DeliveryQueue {
  if (installed) return installed;
  cloudQueue ??= sqsDeliveryQueue();
  return cloudQueue;
}

function sqsDeliveryQueue(): DeliveryQueue {
  const queueUrl = process.env[deliveryQueueUrlVariable];
  if (!queueUrl) throw new Error(`${deliveryQueueUrlVariable} is not set: this function is not wired to the delivery queue`);
  const sqs = new SQSClient({});
  return {
    async send(messages) {
      for (let start = 0; start < messages.length; start += sqsBatchLimit) {
        const chunk = messages.slice(start, start + sqsBatchLimit);
        const { Failed } = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: chunk.map((message, index) => ({ Id: String(index), MessageBody: deliveryMessageBody(message) })),
          }),
        );
        // The stream record is retried and the whole batch sent again: the sender's claim keeps a delivery to one send.
        if (Failed && Failed.length > 0) throw new Error(`SQS refused ${Failed.length} delivery message(s): ${Failed[0]?.Code ?? 'unknown'}`);
      }
    },
    async retryAfter(receiptHandle, seconds) {
      // SQS counts visibility in whole seconds, at most 12 hours.
      const visibility = Math.min(Math.max(Math.ceil(seconds), 0), 43_200);
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: visibility }));
    },
  };
}
