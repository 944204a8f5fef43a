import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import {
  type AdditionAnswers,
  gapsAfter,
  hashLinkToken,
  type MissingItem,
  MissingItemSchema,
} from '../domain/missing-information.ts';
import { StoredCaseSchema } from '../domain/stored-case.ts';
import { schemaOnFirstUse } from '../schema-on-first-use.ts';
import { isConditionFailure, spendLinkOnce } from './dynamo.ts';
import { caseKey, dueIndexKeys, eventKey } from './keys.ts';

/**
 * Links asking the notifier for what is missing (issue 12). A link is an item under its token's
 * SHA-256 (`MISSINGINFO#<hash>` / `LINK`), never the token itself, with the case it belongs to, the
 * items it asks for and a TTL (DynamoDB deletes it a day after it expires; the expiry is checked
 * on every read, since TTL deletion can lag by days). Answering is one transaction: the link is
 * used (condition: unused and unexpired), the addition joins the case partition, the case's request
 * is marked answered, the case's gaps shrink, and an event is written.
 */
export const informationLinkKey = (tokenHash: string) => ({ pk: `MISSINGINFO#${tokenHash}`, sk: 'LINK' });

const StoredLinkSchema = schemaOnFirstUse(() =>
  z.object({
    reference: z.string(),
    requestId: z.string(),
    /** The case's INFO-REQUEST item's sort key, to mark it answered. */
    requestSk: z.string(),
    items: z.array(MissingItemSchema),
    expiresAt: z.iso.datetime(),
    usedAt: z.optional(z.string()),
  }),
);
export type InformationLink = z.infer<typeof StoredLinkSchema>;

export type LinkState = { state: 'valid'; link: InformationLink } | { state: 'used' | 'expired' | 'unknown' };

export interface InformationLinkStore {
  issue(token: string, link: Omit<InformationLink, 'usedAt'>): Promise<void>;
  find(token: string, now: Date): Promise<LinkState>;
  /**
   * Puts the case's request in the sparse due index for the sweep's follow-ups (reminder-sweep:
   * `missing-information-follow-up`), with the addresses they go to: the notifier's (as given in
   * the notification) and the case's (allocated caseworker, else the team mailbox).
   */
  scheduleFollowUp(
    reference: string,
    requestSk: string,
    followUp: { dueAt: Date; notifier: string; caseRecipient: string },
  ): Promise<void>;
  /** Uses the link and joins the answers to the case; `used`/`expired` if it no longer works. */
  answer(
    token: string,
    answers: AdditionAnswers,
    now: Date,
  ): Promise<{ ok: true; reference: string } | { ok: false; reason: 'used' | 'expired' | 'unknown' }>;
}

const DAY_SECONDS = 86_400;

export function createInformationLinkStore(
  db: DynamoDBDocumentClient,
  tableName: string,
): InformationLinkStore {
  const find: InformationLinkStore['find'] = async (token, now) => {
    const out = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: informationLinkKey(hashLinkToken(token)),
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return { state: 'unknown' };
    const link = z.parse(StoredLinkSchema, out.Item);
    if (link.usedAt) return { state: 'used' };
    if (now.getTime() >= Date.parse(link.expiresAt)) return { state: 'expired' };
    return { state: 'valid', link };
  };

  return {
    async issue(token, link) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...informationLinkKey(hashLinkToken(token)),
            type: 'information-link',
            ...link,
            ttl: Math.floor(Date.parse(link.expiresAt) / 1000) + DAY_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    find,
    async scheduleFollowUp(reference, requestSk, followUp) {
      const dueAt = followUp.dueAt.toISOString();
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: caseKey(reference).pk, sk: requestSk },
          UpdateExpression:
            'SET #job = :job, #ref = :ref, #dueAt = :dueAt, gsi1pk = :pk, gsi1sk = :sk, #notifier = :notifier, #to = :to',
          ExpressionAttributeNames: {
            '#job': 'job',
            '#ref': 'reference',
            '#dueAt': 'dueAt',
            '#notifier': 'notifier',
            '#to': 'caseRecipient',
          },
          // Not once it is answered (a very quick notifier): nothing to follow up.
          ConditionExpression: 'attribute_exists(sk) AND attribute_not_exists(answeredAt)',
          ExpressionAttributeValues: {
            ':job': 'missing-information-follow-up',
            ':ref': reference,
            ':dueAt': dueAt,
            ':pk': dueIndexKeys(`${reference}#${requestSk}`, dueAt).gsi1pk,
            ':sk': dueIndexKeys(`${reference}#${requestSk}`, dueAt).gsi1sk,
            ':notifier': followUp.notifier,
            ':to': followUp.caseRecipient,
          },
        }),
      );
    },
    async answer(token, answers, now) {
      const found = await find(token, now);
      if (found.state !== 'valid') return { ok: false, reason: found.state };
      const { link } = found;
      const ref = link.reference;
      const caseOut = await db.send(
        new GetCommand({ TableName: tableName, Key: caseKey(ref), ConsistentRead: true }),
      );
      if (!caseOut.Item) return { ok: false, reason: 'unknown' };
      const caseRecord = z.parse(StoredCaseSchema, caseOut.Item);
      // Only what the link asked for joins the case: a crafted post cannot add other answers.
      const asked = new Set<MissingItem>(link.items);
      const kept: AdditionAnswers = {
        ...(asked.has('start-date') && answers.startDate ? { startDate: answers.startDate } : {}),
        ...(asked.has('parents') && answers.parents?.length ? { parents: answers.parents } : {}),
        ...(asked.has('child-date-of-birth') && answers.childDateOfBirth
          ? { childDateOfBirth: answers.childDateOfBirth }
          : {}),
        ...(asked.has('carer-name') && answers.carerName ? { carerName: answers.carerName } : {}),
        ...(asked.has('carer-postcode') && answers.carerPostcode
          ? { carerPostcode: answers.carerPostcode }
          : {}),
      };
      const at = now.toISOString();
      const gaps = gapsAfter(caseRecord.gaps, kept);
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              // Single use, and not after it expires, even if two posts race.
              spendLinkOnce(tableName, informationLinkKey(hashLinkToken(token)), at, {
                attribute: 'expiresAt',
                after: at,
              }),
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    pk: caseKey(ref).pk,
                    sk: `ADDITION#${at}#${link.requestId}`,
                    type: 'addition',
                    requestId: link.requestId,
                    receivedAt: at,
                    answers: kept,
                  },
                  ConditionExpression: 'attribute_not_exists(sk)',
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: { pk: caseKey(ref).pk, sk: link.requestSk },
                  // Answered: out of the due index, so the sweep follows up nothing.
                  UpdateExpression: 'SET answeredAt = :at REMOVE gsi1pk, gsi1sk',
                  ConditionExpression: 'attribute_exists(sk) AND attribute_not_exists(answeredAt)',
                  ExpressionAttributeValues: { ':at': at },
                },
              },
              {
                // The case's gaps recompute from the notification and its additions; only the
                // gaps change (no version bump), so a staff change in between is not refused.
                Update: {
                  TableName: tableName,
                  Key: caseKey(ref),
                  UpdateExpression: 'SET gaps = :gaps',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeValues: { ':gaps': gaps },
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...eventKey(ref, at, link.requestId),
                    type: 'event',
                    event: 'missing-information-added',
                    by: 'notifier',
                    at,
                    details: { requestId: link.requestId, items: Object.keys(kept).join(',') },
                  },
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) {
          const again = await find(token, now);
          return { ok: false, reason: again.state === 'valid' ? 'used' : again.state };
        }
        throw error;
      }
      return { ok: true, reference: ref };
    },
  };
}
