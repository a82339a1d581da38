/**
 * Sending DynamoDB transactions and reading why one was cancelled. A transaction that collides
 * with another one in flight on the same item is cancelled with `TransactionConflict`: transient,
 * so it is sent again (conditions are evaluated afresh). A failed condition is an answer, not an
 * error: callers learn which items' conditions failed and decide what that means.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './dynamo-client.ts';

export type TransactionItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

const conflictRetries = 4;

export function isTransactionConflict(error: unknown): boolean {
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict')
  );
}

/** For a cancelled transaction, whether each item's condition failed; undefined for any other error. */
export function failedConditions(error: unknown): boolean[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((reason) => reason.Code === 'ConditionalCheckFailed');
}

export async function sendTransaction(items: TransactionItems, client: DynamoDBDocumentClient = documentClient): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (!isTransactionConflict(error) || attempt >= conflictRetries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * (0.5 + Math.random())));
    }
  }
}

/** Sends the transaction; false (nothing written) when the first item's condition failed, which callers treat as an answer. */
export async function sendTransactionUnlessFirstFails(items: TransactionItems): Promise<boolean> {
  try {
    await sendTransaction(items);
    return true;
  } catch (error) {
    if (failedConditions(error)?.[0]) return false;
    throw error;
  }
}
