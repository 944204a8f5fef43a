import { randomBytes } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { londonDateOf } from '../domain/local-date.ts';
import { type CouncilRef, CouncilRefSchema, TRANSFER_LINK_DAYS } from '../domain/transfer.ts';
import { schemaOnFirstUse } from '../schema-on-first-use.ts';
import { tokenHash } from '../token-hash.ts';
import { isConditionFailure, spendLinkOnce } from './dynamo.ts';
import { caseKey, eventKey, obligationKey, reminderKey } from './keys.ts';

/**
 * The receiving council's single-use acknowledgement link (issue 12). The token is random (32
 * bytes) and only its SHA-256 is stored (`TRANSFER-ACK#<hash>`), with an expiry the table's TTL
 * removes, so the table never holds a working link. Using it records the acknowledgement on the
 * case once: the transfer record, an event, the obligation met and its reminders cancelled.
 */
export const transferTokenKey = (hash: string) => ({ pk: `TRANSFER-ACK#${hash}`, sk: 'TOKEN' });
const hashOf = (token: string) => tokenHash(token, 'hex');

const TokenItemSchema = schemaOnFirstUse(() =>
  z.object({
    reference: z.string(),
    linkExpiresAt: z.string(),
    usedAt: z.optional(z.string()),
    council: z.optional(CouncilRefSchema),
  }),
);

/** The reminder stages an obligation may have (reminder-plan.ts), all cancelled once it is met. */
const REMINDER_STAGES = ['due-soon', 'due-today', 'overdue', 'escalation'] as const;

export type AcknowledgeOutcome = 'acknowledged' | 'used' | 'expired' | 'unknown';

export interface TransferTokens {
  /** A new link token for the case's transfer notice; only its hash is stored. */
  issue(reference: string, council: CouncilRef, now: Date): Promise<{ token: string; expiresAt: string }>;
  /** Whether the token would still work (the page before the button). */
  check(token: string, now: Date): Promise<AcknowledgeOutcome | 'valid'>;
  /** Uses the token once and records the acknowledgement on its case. */
  acknowledge(token: string, now: Date): Promise<AcknowledgeOutcome>;
}

export function createTransferTokens(db: DynamoDBDocumentClient, tableName: string): TransferTokens {
  const read = async (token: string) => {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const out = await db.send(
      new GetCommand({ TableName: tableName, Key: transferTokenKey(hashOf(token)), ConsistentRead: true }),
    );
    return out.Item ? z.parse(TokenItemSchema, out.Item) : undefined;
  };
  const check = async (token: string, now: Date): Promise<AcknowledgeOutcome | 'valid'> => {
    const item = await read(token);
    if (!item) return 'unknown';
    if (item.usedAt) return 'used';
    if (item.linkExpiresAt <= now.toISOString()) return 'expired';
    return 'valid';
  };
  return {
    async issue(reference, council, now) {
      const token = randomBytes(32).toString('base64url');
      const expires = new Date(now.getTime() + TRANSFER_LINK_DAYS * 86_400_000);
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...transferTokenKey(hashOf(token)),
            type: 'transfer-token',
            reference,
            // For the case's history when it is used (a council's name and code: no personal data).
            council,
            linkExpiresAt: expires.toISOString(),
            // The table's TTL attribute (epoch seconds): DynamoDB removes the item after expiry.
            expiresAt: Math.floor(expires.getTime() / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { token, expiresAt: expires.toISOString() };
    },

    check,

    async acknowledge(token, now) {
      const item = await read(token);
      if (!item) return 'unknown';
      if (item.usedAt) return 'used';
      if (item.linkExpiresAt <= now.toISOString()) return 'expired';
      const at = now.toISOString();
      const ref = item.reference;
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              // Single use, and not after it expires, even if the link expires between the read
              // above and this write, or two uses race.
              spendLinkOnce(tableName, transferTokenKey(hashOf(token)), at, {
                attribute: 'linkExpiresAt',
                after: at,
              }),
              {
                Update: {
                  TableName: tableName,
                  Key: { pk: caseKey(ref).pk, sk: 'TRANSFER' },
                  UpdateExpression: 'SET acknowledgedAt = :at',
                  ConditionExpression: 'attribute_exists(sentAt) AND attribute_not_exists(acknowledgedAt)',
                  ExpressionAttributeValues: { ':at': at },
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...eventKey(ref, at, 'transfer-acknowledged'),
                    type: 'event',
                    event: 'transfer-acknowledged',
                    by: 'the receiving council (acknowledgement link)',
                    at,
                    details: item.council ? { gss: item.council.gss, council: item.council.name } : {},
                  },
                },
              },
              {
                // The obligation is met (statutory-clock.ts computes the same from the record at
                // the next staff change): its due date and basis stay as they were.
                Update: {
                  TableName: tableName,
                  Key: obligationKey(ref, 'transfer-acknowledgement'),
                  UpdateExpression: 'SET #status = :met, metOn = :on',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':met': 'met', ':on': londonDateOf(now) },
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // Refused: say why as the link stands now (expired in between, or used by the other race).
        const again = await check(token, now);
        return again === 'valid' ? 'used' : again;
      }
      // Nothing more to remind anyone of. A reminder never planned has no item: skipped.
      for (const stage of REMINDER_STAGES) {
        await db
          .send(
            new UpdateCommand({
              TableName: tableName,
              Key: reminderKey(ref, `transfer-acknowledgement#${stage}`),
              UpdateExpression: 'SET #state = :cancelled, cancelledAt = :at REMOVE gsi1pk, gsi1sk',
              ConditionExpression: 'attribute_exists(pk) AND #state <> :sent',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: { ':cancelled': 'cancelled', ':at': at, ':sent': 'sent' },
            }),
          )
          .catch((error) => {
            if (!isConditionFailure(error)) throw error;
          });
      }
      return 'acknowledged';
    },
  };
}
