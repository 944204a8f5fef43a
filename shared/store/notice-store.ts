import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { type CaseNotice, CaseNoticeSchema, type Notice, NoticeSchema } from '../domain/notice.ts';
import { OUTBOX_GRACE_SECONDS, OUTBOX_REQUEUE_AFTER_MINUTES } from '../domain/reminders.ts';
import { schemaOnFirstUse } from '../schema-on-first-use.ts';
import { isConditionFailure } from './dynamo.ts';
import { caseKey, dueIndexKeys, eventKey } from './keys.ts';

/**
 * Change and ending notices told online (issue 12). A notice is stored under its own partition
 * (`NOTICE#<ref>` / `NOTICE`) when sent, then, once routed, either joins its case (a copy under
 * `CASE#<ref>` / `NOTICE#<noticeRef>` with an event) or waits for the front door in the list of
 * notices to match (`NOTICES` / `TO-MATCH#<received>#<noticeRef>`, with a suggested case).
 */
export const noticeKey = (noticeRef: string) => ({ pk: `NOTICE#${noticeRef}`, sk: 'NOTICE' });
/**
 * A stored notice keeps an entry in the sparse due index until it is routed, as notifications do
 * (notification-store.ts): if the queue is down when the teller presses Send, or the message is
 * lost, the sweep queues it again (`job: 'queue-notice'`), and escalates after too many tries.
 */
export const noticeOutboxItemId = (noticeRef: string) => `NOTICE-OUTBOX#${noticeRef}`;
export const NOTICE_OUTBOX_JOB = 'queue-notice';
export const caseNoticeKey = (reference: string, noticeRef: string) => ({
  pk: `CASE#${reference}`,
  sk: `NOTICE#${noticeRef}`,
});
const toMatchKey = (receivedAt: string, noticeRef: string) => ({
  pk: 'NOTICES',
  sk: `TO-MATCH#${receivedAt}#${noticeRef}`,
});

const StoredNoticeSchema = schemaOnFirstUse(() =>
  z.object({
    notice: NoticeSchema,
    queuedAt: z.optional(z.string()),
    routedAt: z.optional(z.string()),
    /** The case it joined, once it has. */
    joinedCase: z.optional(z.string()),
  }),
);
export type StoredNotice = z.infer<typeof StoredNoticeSchema>;

export const NoticeToMatchSchema = schemaOnFirstUse(() =>
  z.object({
    noticeRef: z.string(),
    kind: z.enum(['change', 'end']),
    receivedAt: z.string(),
    suggestedCase: z.optional(z.string()),
    suggestedBasis: z.optional(z.enum(['child', 'carer-address'])),
    /** A reference the teller gave that names no case. */
    unknownReference: z.optional(z.string()),
  }),
);
export type NoticeToMatch = z.infer<typeof NoticeToMatchSchema>;

const CaseStateSchema = schemaOnFirstUse(() =>
  z.object({
    status: z.string(),
    mailbox: z.string(),
    allocatedTo: z.optional(z.string()),
  }),
);

export interface NoticeStore {
  record(notice: Notice): Promise<{ created: boolean }>;
  get(noticeRef: string): Promise<StoredNotice | undefined>;
  markQueued(noticeRef: string, at: Date): Promise<void>;
  markRouted(noticeRef: string, at: Date): Promise<void>;
  /** The case's state, if there is a case under this reference. */
  caseState(reference: string): Promise<z.infer<typeof CaseStateSchema> | undefined>;
  /**
   * The notice joins its case (once): its copy, an event, and for an ending notice the case's
   * `proposedEndNotice` (the end staff confirm). `joined` is false when it had already joined.
   */
  joinCase(
    reference: string,
    notice: Notice,
    by: string,
    now: Date,
    options?: { leavingArea?: boolean },
  ): Promise<{ joined: boolean }>;
  /** The notice waits for the front door to match it. */
  addToMatch(entry: NoticeToMatch): Promise<void>;
  listToMatch(): Promise<NoticeToMatch[]>;
  removeToMatch(entry: Pick<NoticeToMatch, 'receivedAt' | 'noticeRef'>): Promise<void>;
  /** The notices that joined a case, oldest first. */
  ofCase(reference: string): Promise<CaseNotice[]>;
}

export function createNoticeStore(db: DynamoDBDocumentClient, tableName: string): NoticeStore {
  return {
    async record(notice) {
      const retryAt = new Date(Date.parse(notice.receivedAt) + OUTBOX_GRACE_SECONDS * 1000).toISOString();
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...noticeKey(notice.noticeRef),
              type: 'notice',
              notice,
              ...dueIndexKeys(noticeOutboxItemId(notice.noticeRef), retryAt),
              dueAt: retryAt,
              job: NOTICE_OUTBOX_JOB,
              noticeRef: notice.noticeRef,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { created: true };
      } catch (error) {
        if (isConditionFailure(error)) return { created: false };
        throw error;
      }
    },
    async get(noticeRef) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: noticeKey(noticeRef) }));
      return out.Item ? z.parse(StoredNoticeSchema, out.Item) : undefined;
    },
    async markQueued(noticeRef, at) {
      // The outbox entry stays, pushed later: only routing clears it, so a lost message still routes.
      const retryAt = new Date(at.getTime() + OUTBOX_REQUEUE_AFTER_MINUTES * 60_000).toISOString();
      await db
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: noticeKey(noticeRef),
            UpdateExpression: 'SET queuedAt = if_not_exists(queuedAt, :at), dueAt = :retry, gsi1sk = :sk',
            ConditionExpression: 'attribute_exists(gsi1pk)',
            ExpressionAttributeValues: {
              ':at': at.toISOString(),
              ':retry': retryAt,
              ':sk': dueIndexKeys(noticeOutboxItemId(noticeRef), retryAt).gsi1sk,
            },
          }),
        )
        .catch(async (error) => {
          if (!isConditionFailure(error)) throw error;
          // Already routed (the outbox entry is gone): record the queueing only.
          await db.send(
            new UpdateCommand({
              TableName: tableName,
              Key: noticeKey(noticeRef),
              UpdateExpression: 'SET queuedAt = if_not_exists(queuedAt, :at)',
              ExpressionAttributeValues: { ':at': at.toISOString() },
            }),
          );
        });
    },
    async markRouted(noticeRef, at) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: noticeKey(noticeRef),
          UpdateExpression: 'SET routedAt = if_not_exists(routedAt, :at) REMOVE gsi1pk, gsi1sk, dueAt, job',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
    },
    async caseState(reference) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: caseKey(reference) }));
      return out.Item ? z.parse(CaseStateSchema, out.Item) : undefined;
    },
    async joinCase(reference, notice, by, now, options = {}) {
      const at = now.toISOString();
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...caseNoticeKey(reference, notice.noticeRef),
                    type: 'case-notice',
                    notice,
                    joinedAt: at,
                    joinedBy: by,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...eventKey(reference, at, `notice-${notice.noticeRef}`),
                    type: 'event',
                    event: notice.kind === 'end' ? 'ending-notice-received' : 'change-notice-received',
                    by,
                    at,
                    details: { notice: notice.noticeRef },
                  },
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: caseKey(reference),
                  UpdateExpression: `SET ${notice.kind === 'end' ? 'proposedEndNotice' : 'latestChangeNotice'} = :n${
                    options.leavingArea ? ', movingOutOfArea = :n' : ''
                  }`,
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeValues: { ':n': notice.noticeRef },
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: noticeKey(notice.noticeRef),
                  UpdateExpression: 'SET joinedCase = :ref',
                  ExpressionAttributeValues: { ':ref': reference },
                },
              },
            ],
          }),
        );
        return { joined: true };
      } catch (error) {
        if (isConditionFailure(error)) return { joined: false };
        throw error;
      }
    },
    async addToMatch(entry) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...toMatchKey(entry.receivedAt, entry.noticeRef), type: 'notice-to-match', ...entry },
        }),
      );
    },
    async listToMatch() {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :to)',
          ExpressionAttributeValues: { ':pk': 'NOTICES', ':to': 'TO-MATCH#' },
        }),
      );
      return (out.Items ?? []).map((i) => z.parse(NoticeToMatchSchema, i));
    },
    async removeToMatch(entry) {
      await db.send(
        new DeleteCommand({ TableName: tableName, Key: toMatchKey(entry.receivedAt, entry.noticeRef) }),
      );
    },
    async ofCase(reference) {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)',
          ExpressionAttributeValues: { ':pk': `CASE#${reference}`, ':n': 'NOTICE#' },
        }),
      );
      return (out.Items ?? [])
        .map((i) => z.parse(CaseNoticeSchema, i))
        .sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
    },
  };
}
