import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { isConditionFailure } from './dynamo.ts';
import { emailKey } from './keys.ts';

/**
 * Records each email a case has been sent, so a retried message or a repeated run never sends it
 * twice. The claim is taken before sending; a claim left behind by a crashed run expires after
 * `leaseSeconds` and can be taken again.
 */
export interface EmailLedger {
  claim(reference: string, purpose: string, now: Date): Promise<'claimed' | 'already-sent' | 'in-progress'>;
  markSent(reference: string, purpose: string, messageId: string, now: Date): Promise<void>;
  release(reference: string, purpose: string): Promise<void>;
}

/** How long a claim holds before another run may take it (a crashed run's claim is left behind). */
export const EMAIL_CLAIM_LEASE_SECONDS = 60;

export function createEmailLedger(
  db: DynamoDBDocumentClient,
  tableName: string,
  leaseSeconds = EMAIL_CLAIM_LEASE_SECONDS,
): EmailLedger {
  return {
    async claim(reference, purpose, now) {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...emailKey(reference, purpose),
              type: 'email',
              purpose,
              state: 'claimed',
              leaseUntil: new Date(now.getTime() + leaseSeconds * 1000).toISOString(),
            },
            ConditionExpression: 'attribute_not_exists(pk) OR (#state = :claimed AND leaseUntil < :now)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':claimed': 'claimed', ':now': now.toISOString() },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return 'claimed';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // The failed condition returns the item as stored: raw attribute values, not a document.
        const raw = (error as { Item?: Record<string, AttributeValue> }).Item;
        return raw && unmarshall(raw).state === 'sent' ? 'already-sent' : 'in-progress';
      }
    },
    async markSent(reference, purpose, messageId, now) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: emailKey(reference, purpose),
          UpdateExpression: 'SET #state = :sent, sentAt = :now, messageId = :id REMOVE leaseUntil',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sent': 'sent', ':now': now.toISOString(), ':id': messageId },
        }),
      );
    },
    async release(reference, purpose) {
      await db
        .send(
          new DeleteCommand({
            TableName: tableName,
            Key: emailKey(reference, purpose),
            ConditionExpression: '#state = :claimed',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':claimed': 'claimed' },
          }),
        )
        .catch((error) => {
          if (!isConditionFailure(error)) throw error;
        });
    },
  };
}

export class EmailInProgressError extends Error {
  override name = 'EmailInProgressError';
}

/**
 * Send an email at most once per (case, purpose). Throws when another run holds the claim, so a
 * queue consumer reports the record as failed and tries again after the visibility timeout.
 */
export async function sendOnce(
  ledger: EmailLedger,
  key: { reference: string; purpose: string },
  now: Date,
  send: () => Promise<string>,
): Promise<'sent' | 'already-sent'> {
  let claim = await ledger.claim(key.reference, key.purpose, now);
  // A duplicate delivery racing the first usually finds the email sent within moments; waiting
  // briefly saves a whole visibility timeout before the retry.
  for (let wait = 50; claim === 'in-progress' && wait <= 800; wait *= 2) {
    await new Promise((r) => setTimeout(r, wait));
    claim = await ledger.claim(key.reference, key.purpose, now);
  }
  if (claim === 'already-sent') return 'already-sent';
  if (claim === 'in-progress')
    throw new EmailInProgressError(`${key.purpose} for ${key.reference} is being sent`);
  let messageId: string;
  try {
    messageId = await send();
  } catch (error) {
    await ledger.release(key.reference, key.purpose);
    throw error;
  }
  await ledger.markSent(key.reference, key.purpose, messageId, now);
  return 'sent';
}
