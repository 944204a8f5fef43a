import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { withoutSdkLogging } from '../sdk-client.ts';

/** One document client per process; the endpoint is set only for the local emulator. */
export function createDocumentClient(endpoint?: string): DynamoDBDocumentClient {
  const client = withoutSdkLogging(
    new DynamoDBClient({
      ...(endpoint ? { endpoint } : {}),
      // A failing table should surface quickly as an error page or a retried message,
      // not hang a request for the SDK's default back-off.
      maxAttempts: 3,
    }),
  );
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** True for the error DynamoDB returns when a ConditionExpression is not met. */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'ConditionalCheckFailedException' ||
      (error.name === 'TransactionCanceledException' && /ConditionalCheckFailed/.test(error.message)))
  );
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The step of a transaction that spends a single-use link (a resume link, a missing-information
 * link, a transfer acknowledgement): sets `usedAt`, and fails with a condition failure when the
 * link is unknown or already used or, given `notExpired`, when its expiry (in whatever form that
 * item stores it) is not after `notExpired.after`, even when two requests race.
 */
export function spendLinkOnce(
  tableName: string,
  key: Record<string, string>,
  at: string,
  notExpired?: { attribute: string; after: string | number },
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET usedAt = :at',
      ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(usedAt)${notExpired ? ' AND #expiry > :notAfter' : ''}`,
      ...(notExpired ? { ExpressionAttributeNames: { '#expiry': notExpired.attribute } } : {}),
      ExpressionAttributeValues: { ':at': at, ...(notExpired ? { ':notAfter': notExpired.after } : {}) },
    },
  };
}
