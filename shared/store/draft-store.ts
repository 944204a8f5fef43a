import { randomBytes } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { schemaOnFirstUse } from '../schema-on-first-use.ts';
import { tokenHash } from '../token-hash.ts';
import { isConditionFailure, spendLinkOnce } from './dynamo.ts';
import { draftKey } from './keys.ts';

/** Drafts expire a week after the last save: DynamoDB's TTL deletes them (design.md "Data"). */
export const DRAFT_TTL_SECONDS = 7 * 24 * 60 * 60;

const DRAFT_ID = /^[A-Za-z0-9_-]{22}$/;

/** 128 random bits, base64url: the draft's only key, held in an HttpOnly cookie. */
export function newDraftId(): string {
  return randomBytes(16).toString('base64url');
}

export const isDraftId = (value: string | undefined): value is string => !!value && DRAFT_ID.test(value);

/** A "save and come back later" link works once, for a week (issue 3). */
export const RESUME_LINK_TTL_SECONDS = 7 * 24 * 60 * 60;
/**
 * Links one draft may have emailed. Each email goes to an address typed on a public form: the cap
 * stops one draft being used to send a stranger a stream of emails from the council.
 */
export const MAX_RESUME_LINKS_PER_DRAFT = 5;

/**
 * After a notification is sent, its answers stay reachable from the browser that sent it for this
 * long, to print or save a copy, and are then deleted (issue 13): on a shared school or surgery
 * computer the next person must not find the child's details. The notification itself is kept
 * in the case; the privacy notice says this.
 */
export const SUBMITTED_COPY_SECONDS = 30 * 60;

const RESUME_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** 256 random bits, base64url: the secret in a resume link. Only its SHA-256 is stored. */
export function newResumeToken(): string {
  return randomBytes(32).toString('base64url');
}

export const isResumeToken = (value: string | undefined): value is string =>
  !!value && RESUME_TOKEN.test(value);

/** The stored form of a token (see shared/token-hash.ts for why a plain SHA-256). */
const resumeTokenHash = (token: string): string => tokenHash(token, 'base64url');

const resumeKey = (hash: string) => ({ pk: `RESUME#${hash}`, sk: 'RESUME' });

const ResumeLinkSchema = schemaOnFirstUse(() =>
  z.object({
    draftId: z.string().check(z.regex(DRAFT_ID)),
    createdAt: z.iso.datetime(),
    usedAt: z.optional(z.iso.datetime()),
    /** Epoch seconds: the table's TTL attribute, and checked on every read (TTL deletion lags). */
    expiresAt: z.number(),
  }),
);

/**
 * `used`: opened before; `sent`: the notification has been sent since; `expired`: the link or the
 * draft has run out; `unknown`: no such link (mistyped, or deleted by TTL).
 */
export type ResumeLinkState = 'valid' | 'used' | 'sent' | 'expired' | 'unknown';

/** Answers kept by "Save and come back later" that did not pass the page's checks, by page id. */
const UNFINISHED_PREFIX = 'unfinished#';
const PAGE_ID = /^[a-z][a-z0-9-]{0,39}$/;
const unfinishedAttribute = (pageId: string) => {
  if (!PAGE_ID.test(pageId)) throw new Error('Invalid page id');
  return `${UNFINISHED_PREFIX}${pageId}`;
};

/**
 * A notification being filled in. `reference` is fixed when the draft is created, so the final
 * submit is idempotent: a double click or a retry submits the same reference twice, and the
 * notification store keeps one. `answers` holds each page's validated answers under its id.
 */
export const DraftSchema = schemaOnFirstUse(() =>
  z.object({
    id: z.string().check(z.regex(DRAFT_ID)),
    reference: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{8}$/)),
    csrfToken: z.string().check(z.minLength(32)),
    answers: z.record(z.string(), z.unknown()),
    /**
     * Input saved with "Save and come back later" that the page's checks did not accept, by page id:
     * kept as typed so the page shows it again, never used for "Check your answers" or the
     * notification. Stored as one top-level attribute per page (see unfinishedAttribute).
     */
    unfinished: z._default(z.record(z.string(), z.unknown()), {}),
    /** Resume links emailed for this draft (at most MAX_RESUME_LINKS_PER_DRAFT). */
    resumeLinksSent: z.optional(z.number()),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    submittedAt: z.optional(z.iso.datetime()),
    /** Epoch seconds: the table's TTL attribute. */
    expiresAt: z.number(),
  }),
);
export type Draft = z.infer<typeof DraftSchema>;

export interface DraftStore {
  create(draft: { reference: string; csrfToken: string }, now: Date): Promise<Draft>;
  /** The draft, or undefined when there is none or it has expired (TTL deletion lags). */
  get(id: string, now: Date): Promise<Draft | undefined>;
  /**
   * Save one page's answers (valid input), drop any unfinished input for the page, and extend the
   * expiry. False when the draft has gone.
   */
  saveAnswers(id: string, pageId: string, answers: unknown, now: Date): Promise<boolean>;
  /**
   * Keep a page's input that did not pass its checks ("Save and come back later"), leaving the
   * page's last valid answers as they were. False when the draft has gone.
   */
  saveUnfinished(id: string, pageId: string, input: unknown, now: Date): Promise<boolean>;
  /**
   * Issue a single-use resume link for an unsubmitted draft: stores the token's hash and extends
   * the draft to last as long as the link. `too-many` after MAX_RESUME_LINKS_PER_DRAFT links.
   */
  createResumeLink(
    id: string,
    now: Date,
  ): Promise<{ ok: true; token: string; expiresAt: Date } | { ok: false; reason: 'gone' | 'too-many' }>;
  /** What opening the link would do, without using it. */
  resumeLinkState(token: string, now: Date): Promise<ResumeLinkState>;
  /**
   * Use a resume link, once: in one transaction the link is marked used and the draft moves to a
   * new id (and a new CSRF token), so whoever held the old draft cookie — the browser the answers
   * were saved in, or someone who sent a person the link to plant their own draft on them — can
   * no longer read or change what is typed next (session fixation).
   */
  redeemResumeLink(
    token: string,
    csrfToken: string,
    now: Date,
  ): Promise<{ ok: true; draft: Draft } | { ok: false; reason: Exclude<ResumeLinkState, 'valid'> }>;
  /** Record that the draft was submitted; later posts go to the confirmation page. */
  markSubmitted(id: string, now: Date): Promise<void>;
  /** Give an unsubmitted draft a new reference (only after a reference collision). */
  replaceReference(id: string, reference: string, now: Date): Promise<void>;
}

const expiry = (now: Date) => Math.floor(now.getTime() / 1000) + DRAFT_TTL_SECONDS;

export function createDraftStore(db: DynamoDBDocumentClient, tableName: string): DraftStore {
  async function readDraftItem(id: string): Promise<Record<string, unknown> | undefined> {
    if (!isDraftId(id)) return undefined;
    const out = await db.send(
      new GetCommand({ TableName: tableName, Key: draftKey(id), ConsistentRead: true }),
    );
    return out.Item;
  }

  async function getDraft(id: string, now: Date): Promise<Draft | undefined> {
    const item = await readDraftItem(id);
    if (!item) return undefined;
    const draft = draftFromItem(item);
    return draft.expiresAt * 1000 <= now.getTime() ? undefined : draft;
  }

  /** The link's state, and for a valid link the draft item it opens. */
  async function readResumeLink(
    token: string,
    now: Date,
  ): Promise<{ state: ResumeLinkState; draftItem?: Record<string, unknown>; draft?: Draft }> {
    if (!isResumeToken(token)) return { state: 'unknown' };
    const out = await db.send(
      new GetCommand({ TableName: tableName, Key: resumeKey(resumeTokenHash(token)), ConsistentRead: true }),
    );
    if (!out.Item) return { state: 'unknown' };
    const link = z.parse(ResumeLinkSchema, out.Item);
    if (link.usedAt) return { state: 'used' };
    if (link.expiresAt * 1000 <= now.getTime()) return { state: 'expired' };
    const draftItem = await readDraftItem(link.draftId);
    const draft = draftItem && draftFromItem(draftItem);
    if (!draftItem || !draft || draft.expiresAt * 1000 <= now.getTime()) return { state: 'expired' };
    if (draft.submittedAt) return { state: 'sent' };
    return { state: 'valid', draftItem, draft };
  }

  /** One attempt at using the link and moving the draft to a new id; undefined if either changed. */
  async function moveDraft(
    token: string,
    draftItem: Record<string, unknown>,
    previous: Draft,
    csrfToken: string,
    now: Date,
  ): Promise<Draft | undefined> {
    const { pk: _pk, sk: _sk, ...attributes } = draftItem;
    const at = now.toISOString();
    const id = newDraftId();
    const moved = { ...attributes, id, csrfToken, updatedAt: at, expiresAt: expiry(now) };
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            // The resume item's expiresAt is its TTL, in epoch seconds.
            spendLinkOnce(tableName, resumeKey(resumeTokenHash(token)), at, {
              attribute: 'expiresAt',
              after: Math.floor(now.getTime() / 1000),
            }),
            {
              Put: {
                TableName: tableName,
                Item: { ...draftKey(id), ...moved },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              // Only as it was read: an answer saved in between must not be lost with the old item.
              Delete: {
                TableName: tableName,
                Key: draftKey(previous.id),
                ConditionExpression: 'updatedAt = :readAt AND attribute_not_exists(submittedAt)',
                ExpressionAttributeValues: { ':readAt': previous.updatedAt },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
    return draftFromItem({ ...draftKey(id), ...moved });
  }

  /**
   * Applies `update` to a draft that still exists and has not expired, renewing its expiry;
   * false when it is gone (TTL deletion lags, so the expiry is checked here too).
   */
  async function updateLiveDraft(
    id: string,
    now: Date,
    update: string,
    names: Record<string, string>,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: draftKey(id),
          UpdateExpression: update,
          ConditionExpression: 'attribute_exists(pk) AND expiresAt > :nowSeconds',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ...values,
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
  }

  return {
    async create({ reference, csrfToken }, now) {
      const at = now.toISOString();
      const draft: Draft = {
        id: newDraftId(),
        reference,
        csrfToken,
        answers: {},
        unfinished: {},
        createdAt: at,
        updatedAt: at,
        expiresAt: expiry(now),
      };
      const { unfinished: _none, ...stored } = draft;
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...draftKey(draft.id), type: 'draft', ...stored },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return draft;
    },

    get: getDraft,

    async saveAnswers(id, pageId, answers, now) {
      return updateLiveDraft(
        id,
        now,
        'SET answers.#page = :answers, updatedAt = :at, expiresAt = :exp REMOVE #unfinished',
        { '#page': pageId, '#unfinished': unfinishedAttribute(pageId) },
        { ':answers': answers ?? null },
      );
    },

    async saveUnfinished(id, pageId, input, now) {
      return updateLiveDraft(
        id,
        now,
        'SET #unfinished = :input, updatedAt = :at, expiresAt = :exp',
        { '#unfinished': unfinishedAttribute(pageId) },
        { ':input': input ?? null },
      );
    },

    async createResumeLink(id, now) {
      const token = newResumeToken();
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const expiresAt = nowSeconds + RESUME_LINK_TTL_SECONDS;
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                // The draft must outlive the link, and counts the links sent.
                Update: {
                  TableName: tableName,
                  Key: draftKey(id),
                  UpdateExpression:
                    'SET expiresAt = :exp, updatedAt = :at, resumeLinksSent = if_not_exists(resumeLinksSent, :zero) + :one',
                  ConditionExpression:
                    'attribute_exists(pk) AND attribute_not_exists(submittedAt) AND expiresAt > :nowSeconds AND (attribute_not_exists(resumeLinksSent) OR resumeLinksSent < :max)',
                  ExpressionAttributeValues: {
                    ':exp': Math.max(expiresAt, expiry(now)),
                    ':at': now.toISOString(),
                    ':zero': 0,
                    ':one': 1,
                    ':nowSeconds': nowSeconds,
                    ':max': MAX_RESUME_LINKS_PER_DRAFT,
                  },
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...resumeKey(resumeTokenHash(token)),
                    type: 'resume-link',
                    draftId: id,
                    createdAt: now.toISOString(),
                    expiresAt,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const draft = await getDraft(id, now);
        const tooMany =
          !!draft && !draft.submittedAt && (draft.resumeLinksSent ?? 0) >= MAX_RESUME_LINKS_PER_DRAFT;
        return { ok: false, reason: tooMany ? 'too-many' : 'gone' };
      }
      return { ok: true, token, expiresAt: new Date(expiresAt * 1000) };
    },

    async resumeLinkState(token, now) {
      return (await readResumeLink(token, now)).state;
    },

    async redeemResumeLink(token, csrfToken, now) {
      // Twice at most: the first try fails if the draft was saved between the read and the write.
      for (let attempt = 0; attempt < 2; attempt++) {
        const { state, draftItem, draft } = await readResumeLink(token, now);
        if (state !== 'valid' || !draftItem || !draft) {
          return { ok: false, reason: state === 'valid' ? 'unknown' : state };
        }
        const moved = await moveDraft(token, draftItem, draft, csrfToken, now);
        if (moved) return { ok: true, draft: moved };
      }
      const { state } = await readResumeLink(token, now);
      return { ok: false, reason: state === 'valid' ? 'used' : state };
    },

    async markSubmitted(id, now) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: draftKey(id),
          // The draft now lives only for the copy window; TTL deletes it after that.
          UpdateExpression:
            'SET submittedAt = if_not_exists(submittedAt, :at), updatedAt = :at, expiresAt = :exp',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':at': now.toISOString(),
            ':exp': Math.floor(now.getTime() / 1000) + SUBMITTED_COPY_SECONDS,
          },
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

/** A draft item read back: a boundary, so a malformed draft fails loudly, not deep in a page. */
function draftFromItem(item: Record<string, unknown>): Draft {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  const unfinished: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(rest)) {
    if (name.startsWith(UNFINISHED_PREFIX)) unfinished[name.slice(UNFINISHED_PREFIX.length)] = value;
    else fields[name] = value;
  }
  return z.parse(DraftSchema, { ...fields, unfinished });
}
