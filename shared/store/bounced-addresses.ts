import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { bouncedAddressExpiry } from '../domain/bounce-escalation.ts';

/** Every bounced-address item's partition key starts with this (IAM's LeadingKeys names it). */
export const BOUNCED_PREFIX = 'BOUNCED#';

/** The address is never stored: only its SHA-256, enough to recognise it when it is used again. */
const bouncedKey = (address: string) => ({
  pk: `${BOUNCED_PREFIX}${createHash('sha256').update(address.trim().toLowerCase()).digest('hex')}`,
  sk: 'BOUNCED',
});

const BouncedItemSchema = z.object({ expiresAt: z.number() });

/**
 * Addresses that bounced an acknowledgement (shared/domain/bounce-escalation.ts): ses-events
 * records them, route reads them before acknowledging. DynamoDB's TTL deletes them.
 */
export interface BouncedAddresses {
  record(address: string, now: Date): Promise<void>;
  isBounced(address: string, now: Date): Promise<boolean>;
}

export function createBouncedAddresses(db: DynamoDBDocumentClient, tableName: string): BouncedAddresses {
  return {
    async record(address, now) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...bouncedKey(address), type: 'bounced-address', expiresAt: bouncedAddressExpiry(now) },
        }),
      );
    },
    async isBounced(address, now) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: bouncedKey(address) }));
      if (!out.Item) return false;
      // TTL deletion lags, so the expiry is checked here too.
      return z.parse(BouncedItemSchema, out.Item).expiresAt * 1000 > now.getTime();
    },
  };
}
