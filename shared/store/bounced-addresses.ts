import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { bouncedAddressExpiry } from '../domain/bounce-escalation.ts';
import { addressHmac, type HashKeySource, LOCAL_HASH_KEY, legacyAddressHash } from '../hash-key.ts';

/** Every bounced-address item's partition key starts with this (IAM's LeadingKeys names it). */
export const BOUNCED_PREFIX = 'BOUNCED#';

/**
 * The address is never stored: only its keyed hash (shared/hash-key.ts), enough to recognise it
 * when it is used again, and no use to someone guessing addresses without the key.
 */
const bouncedKey = (hash: string) => ({ pk: `${BOUNCED_PREFIX}${hash}`, sk: 'BOUNCED' });

const BouncedItemSchema = z.object({ expiresAt: z.number() });

/**
 * Addresses that bounced an acknowledgement (shared/domain/bounce-escalation.ts): ses-events
 * records them, route reads them before acknowledging. DynamoDB's TTL deletes them.
 */
export interface BouncedAddresses {
  record(address: string, now: Date): Promise<void>;
  isBounced(address: string, now: Date): Promise<boolean>;
}

export function createBouncedAddresses(
  db: DynamoDBDocumentClient,
  tableName: string,
  hashKey: HashKeySource = async () => LOCAL_HASH_KEY,
): BouncedAddresses {
  const bouncedAt = async (hash: string, now: Date) => {
    const out = await db.send(new GetCommand({ TableName: tableName, Key: bouncedKey(hash) }));
    if (!out.Item) return false;
    // TTL deletion lags, so the expiry is checked here too.
    return z.parse(BouncedItemSchema, out.Item).expiresAt * 1000 > now.getTime();
  };
  return {
    async record(address, now) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...bouncedKey(addressHmac(await hashKey(), address)),
            type: 'bounced-address',
            expiresAt: bouncedAddressExpiry(now),
          },
        }),
      );
    },
    async isBounced(address, now) {
      if (await bouncedAt(addressHmac(await hashKey(), address), now)) return true;
      // Recorded before keyed hashes (issue 13): still honoured until it expires.
      return bouncedAt(legacyAddressHash(address), now);
    },
  };
}
