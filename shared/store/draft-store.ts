import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { isConditionFailure } from './dynamo.ts';
import { draftKey } from './keys.ts';

/** Drafts expire a week after the last save: DynamoDB's TTL deletes them (design.md "Data"). */
export const DRAFT_TTL_SECONDS = 7 * 24 * 60 * 60;

const DRAFT_ID = /^[A-Za-z0-9_-]{22}$/;

/** 128 random bits, base64url: the draft's only key, held in an HttpOnly cookie. */
export function newDraftId(): string {
  return randomBytes(16).toString('base64url');
}

export const isDraftId = (value: string | undefined): value is string => !!value && DRAFT_ID.test(value);

/**
 * A notification being filled in. `reference` is fixed when the draft is created, so the final
 * submit is idempotent: a double click or a retry submits the same reference twice, and the
 * notification store keeps one. `answers` holds each page's validated answers under its id.
 */
export const DraftSchema = z.object({
  id: z.string().check(z.regex(DRAFT_ID)),
  reference: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{8}$/)),
  csrfToken: z.string().check(z.minLength(32)),
  answers: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  submittedAt: z.optional(z.iso.datetime()),
  /** Epoch seconds: the table's TTL attribute. */
  expiresAt: z.number(),
});
export type Draft = z.infer<typeof DraftSchema>;

export interface DraftStore {
  create(draft: { reference: string; csrfToken: string }, now: Date): Promise<Draft>;
  /** The draft, or undefined when there is none or it has expired (TTL deletion lags). */
  get(id: string, now: Date): Promise<Draft | undefined>;
  /** Save one page's answers and extend the expiry. False when the draft has gone. */
  saveAnswers(id: string, pageId: string, answers: unknown, now: Date): Promise<boolean>;
  /** Record that the draft was submitted; later posts go to the confirmation page. */
  markSubmitted(id: string, now: Date): Promise<void>;
  /** Give an unsubmitted draft a new reference (only after a reference collision). */
  replaceReference(id: string, reference: string, now: Date): Promise<void>;
}

const expiry = (now: Date) => Math.floor(now.getTime() / 1000) + DRAFT_TTL_SECONDS;

export function createDraftStore(db: DynamoDBDocumentClient, tableName: string): DraftStore {
  return {
    async create({ reference, csrfToken }, now) {
      const at = now.toISOString();
      const draft: Draft = {
        id: newDraftId(),
        reference,
        csrfToken,
        answers: {},
        createdAt: at,
        updatedAt: at,
        expiresAt: expiry(now),
      };
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...draftKey(draft.id), type: 'draft', ...draft },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return draft;
    },

    async get(id, now) {
      if (!isDraftId(id)) return undefined;
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: draftKey(id), ConsistentRead: true }),
      );
      if (!out.Item) return undefined;
      const { pk: _pk, sk: _sk, type: _type, ...rest } = out.Item;
      // Items read back are a boundary: a malformed draft fails loudly, not deep in a page.
      const draft = z.parse(DraftSchema, rest);
      return draft.expiresAt * 1000 <= now.getTime() ? undefined : draft;
    },

    async saveAnswers(id, pageId, answers, now) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: draftKey(id),
            UpdateExpression: 'SET answers.#page = :answers, updatedAt = :at, expiresAt = :exp',
            ConditionExpression: 'attribute_exists(pk) AND expiresAt > :nowSeconds',
            ExpressionAttributeNames: { '#page': pageId },
            ExpressionAttributeValues: {
              ':answers': answers ?? null,
              ':at': now.toISOString(),
              ':exp': expiry(now),
              ':nowSeconds': Math.floor(now.getTime() / 1000),
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async markSubmitted(id, now) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: draftKey(id),
          UpdateExpression: 'SET submittedAt = if_not_exists(submittedAt, :at), updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': now.toISOString() },
        }),
      );
    },

    async replaceReference(id, reference, now) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: draftKey(id),
          // REFERENCE is a DynamoDB reserved word.
          UpdateExpression: 'SET #reference = :reference, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(submittedAt)',
          ExpressionAttributeNames: { '#reference': 'reference' },
          ExpressionAttributeValues: { ':reference': reference, ':at': now.toISOString() },
        }),
      );
    },
  };
}
