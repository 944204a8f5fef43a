import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { IsoDate } from '../domain/local-date.ts';
import { addressHmac, type HashKeySource, LOCAL_HASH_KEY, legacyAddressHash } from '../hash-key.ts';

/**
 * The London day each recipient last received a reminder digest, so the sweep can keep to one a
 * day (shared/domain/reminder-digest.ts). Keyed by a keyed hash of the address (shared/hash-key.ts):
 * the key says whose it is without spelling out the address, and the item expires a few days on.
 */
export interface DigestLedger {
  lastDigestOn(recipient: string): Promise<IsoDate | undefined>;
  recordDigest(recipient: string, on: IsoDate, at: Date): Promise<void>;
}

const KEEP_SECONDS = 3 * 86_400;
const digestKey = (hash: string) => ({ pk: `RECIPIENT#${hash}`, sk: 'DIGEST' });

export function createDigestLedger(
  db: DynamoDBDocumentClient,
  tableName: string,
  hashKey: HashKeySource = async () => LOCAL_HASH_KEY,
): DigestLedger {
  const dayAt = async (hash: string) => {
    const out = await db.send(new GetCommand({ TableName: tableName, Key: digestKey(hash) }));
    const on = out.Item?.lastDigestOn;
    return typeof on === 'string' ? on : undefined;
  };
  return {
    async lastDigestOn(recipient) {
      // A day recorded before keyed hashes (issue 13) still counts, for the 3 days it is kept.
      return (await dayAt(addressHmac(await hashKey(), recipient))) ?? dayAt(legacyAddressHash(recipient));
    },
    async recordDigest(recipient, on, at) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...digestKey(addressHmac(await hashKey(), recipient)),
            lastDigestOn: on,
            expiresAt: Math.floor(at.getTime() / 1000) + KEEP_SECONDS,
          },
        }),
      );
    },
  };
}
