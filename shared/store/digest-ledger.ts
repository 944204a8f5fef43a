import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { IsoDate } from '../domain/local-date.ts';

/**
 * The London day each recipient last received a reminder digest, so the sweep can keep to one a
 * day (shared/domain/reminder-digest.ts). Keyed by a hash of the address: the key says whose it is
 * without spelling out the address, and the item expires a few days on.
 */
export interface DigestLedger {
  lastDigestOn(recipient: string): Promise<IsoDate | undefined>;
  recordDigest(recipient: string, on: IsoDate, at: Date): Promise<void>;
}

const KEEP_SECONDS = 3 * 86_400;
const digestKey = (recipient: string) => ({
  pk: `RECIPIENT#${createHash('sha256').update(recipient.trim().toLowerCase()).digest('hex')}`,
  sk: 'DIGEST',
});

export function createDigestLedger(db: DynamoDBDocumentClient, tableName: string): DigestLedger {
  return {
    async lastDigestOn(recipient) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: digestKey(recipient) }));
      const on = out.Item?.lastDigestOn;
      return typeof on === 'string' ? on : undefined;
    },
    async recordDigest(recipient, on, at) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...digestKey(recipient),
            lastDigestOn: on,
            expiresAt: Math.floor(at.getTime() / 1000) + KEEP_SECONDS,
          },
        }),
      );
    },
  };
}
