/**
 * The delivery queue's reader: each message is one notification on one channel
 * (lib/notifications/delivery-message.ts), tried once per receive with a short timeout
 * (lib/use-cases/deliver-to-channel.ts). The messages of a batch are handled side by side and
 * reported one by one (partial batch response), so a hanging endpoint holds up no other message. A
 * failed attempt keeps its message hidden for the policy's delay (the queue's backoff) and reports it
 * failed; after the last receive the queue moves it to the dead-letter queue.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { deliveryQueue } from '#lib/delivery/delivery-queue.ts';
import { MalformedDeliveryMessage, parseDeliveryMessage } from '#lib/notifications/delivery-message.ts';
import { retryPolicyFrom, retryPolicyVariable } from '#lib/notifications/retry-schedule.ts';
import { logger } from '#lib/observability/logger.ts';
import { partnerDeliveries } from '#lib/topology/topology.ts';
import { deliverToChannel } from '#lib/use-cases/deliver-to-channel.ts';

const policy = retryPolicyFrom(process.env[retryPolicyVariable], partnerDeliveries.retry);

/** The message goes back to the queue: received again after its delay, or set aside after its last receive. */
export class DeliveryNotDone extends Error {
  override name = 'DeliveryNotDone';
}

export async function deliverMessage(record: SQSRecord): Promise<void> {
  const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
  let message: ReturnType<typeof parseDeliveryMessage>;
  try {
    message = parseDeliveryMessage(record.body);
  } catch (error) {
    if (!(error instanceof MalformedDeliveryMessage)) throw error;
    // It will never be sendable: straight back, so its receives run out and it waits in the dead-letter queue.
    logger.error('malformed delivery message', { messageId: record.messageId, reason: error.message });
    await deliveryQueue().retryAfter(record.receiptHandle, 0);
    throw error;
  }
  const result = await deliverToChannel(message, receiveCount, { policy });
  logger.info('delivery', { deliveryId: message.deliveryId, receiveCount, ...result });
  if (result.outcome === 'retry') {
    await deliveryQueue().retryAfter(record.receiptHandle, result.afterSeconds);
    throw new DeliveryNotDone(`${message.deliveryId}: retry in ${result.afterSeconds} s`);
  }
  if (result.outcome === 'deadLetter') {
    await deliveryQueue().retryAfter(record.receiptHandle, 0);
    throw new DeliveryNotDone(`${message.deliveryId}: not delivered after ${receiveCount} receives`);
  }
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  // Side by side: one message's hanging endpoint must not delay the others of its batch. A batch whose
  // every message goes back is still answered, not thrown: each was given its own backoff, and a
  // partner's dead server is not this function's error (its alarm is for real faults).
  // A processor per invocation: its state is the batch's, and invocations may run at once (the local runtime).
  .handler((event, context) =>
    processPartialResponse(event, deliverMessage, new BatchProcessor(EventType.SQS), {
      context,
      processInParallel: true,
      throwOnFullBatchFailure: false,
    }),
  );
