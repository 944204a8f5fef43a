import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { type CaseSystemDetails, PF_ASSESSMENT_FACTOR_CODES } from '../domain/coded-record.ts';
import { isConditionFailure } from './dynamo.ts';
import { caseKey, eventKey } from './keys.ts';

/**
 * What the hand-off to the council's case system stores (functions/staff/exports, imports):
 * - the case system's person ID (and the assessment factors) on the case, `CASE#ref/CASE-SYSTEM`,
 *   with a lookup `PERSON#id/PERSON` so an imported row naming only the person ID finds its case,
 *   and one person ID can never name two cases;
 * - audit events (a download is an event on the case), appended like every other event;
 * - an uploaded import between its dry run and its confirmation, `IMPORT#hash/IMPORT`, deleted by
 *   the table's TTL an hour later.
 */

const CASE_SYSTEM_SK = 'CASE-SYSTEM';
const personKey = (personId: string) => ({ pk: `PERSON#${personId}`, sk: 'PERSON' });
const importKey = (id: string) => ({ pk: `IMPORT#${id}`, sk: 'IMPORT' });

/** An upload is kept this long for its confirmation. */
export const IMPORT_TTL_SECONDS = 60 * 60;

const CaseSystemItemSchema = z.object({
  personId: z.string(),
  assessmentFactors: z.array(
    z.enum(PF_ASSESSMENT_FACTOR_CODES as ['8B', ...('8B' | '8C' | '8D' | '8E' | '8F')[]]),
  ),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

const PersonItemSchema = z.object({ reference: z.string() });

export interface AuditEvent {
  event: string;
  by: string;
  at: string;
  details: Record<string, string | number | boolean>;
}

/** The person ID already names another case. */
export class PersonIdTakenError extends Error {
  override name = 'PersonIdTakenError';
  constructor(readonly reference: string) {
    super('That person ID is recorded on another case');
  }
}

export interface StoredUpload<T> {
  id: string;
  uploadedBy: string;
  uploadedAt: string;
  body: T;
  /** Set once confirmed: what the import did. */
  result?: Record<string, number> | undefined;
}

export interface HandoffStore {
  caseSystemDetails(reference: string): Promise<CaseSystemDetails | undefined>;
  /** Person ID → reference, for the import. */
  referenceOfPerson(personId: string): Promise<string | undefined>;
  /**
   * Records the person ID and assessment factors with their event, in one transaction: the
   * lookup item is claimed for this case (refused if another case holds it), the old one released.
   */
  recordCaseSystemDetails(reference: string, details: CaseSystemDetails, eventId: string): Promise<void>;
  appendEvent(reference: string, event: AuditEvent, eventId?: string): Promise<void>;
  putUpload(id: string, upload: Omit<StoredUpload<unknown>, 'id'>, now: Date): Promise<void>;
  getUpload(id: string, now: Date): Promise<StoredUpload<unknown> | undefined>;
  saveUploadResult(id: string, result: Record<string, number>): Promise<void>;
  /** The EMAIL# items of a case (what the route function sent, and when), for the inspection pack. */
  sentEmails(reference: string): Promise<{ purpose: string; sentAt: string }[]>;
}

const UploadItemSchema = z.object({
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  body: z.unknown(),
  expiresAt: z.number(),
  result: z.optional(z.record(z.string(), z.number())),
});

const EmailItemSchema = z.object({ purpose: z.string(), state: z.string(), sentAt: z.optional(z.string()) });

export function createHandoffStore(db: DynamoDBDocumentClient, tableName: string): HandoffStore {
  return {
    async caseSystemDetails(reference) {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk = :sk',
          ExpressionAttributeValues: { ':pk': caseKey(reference).pk, ':sk': CASE_SYSTEM_SK },
          ConsistentRead: true,
        }),
      );
      const item = out.Items?.[0];
      return item ? z.parse(CaseSystemItemSchema, item) : undefined;
    },

    async referenceOfPerson(personId) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: personKey(personId) }));
      return out.Item ? z.parse(PersonItemSchema, out.Item).reference : undefined;
    },

    async recordCaseSystemDetails(reference, details, eventId) {
      const before = await this.caseSystemDetails(reference);
      const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
        {
          Put: {
            TableName: tableName,
            Item: { pk: caseKey(reference).pk, sk: CASE_SYSTEM_SK, type: 'case-system', ...details },
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: { ...personKey(details.personId), type: 'person', reference },
            // `reference` is a DynamoDB reserved word: named through an attribute name.
            ConditionExpression: 'attribute_not_exists(pk) OR #reference = :ref',
            ExpressionAttributeNames: { '#reference': 'reference' },
            ExpressionAttributeValues: { ':ref': reference },
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: {
              ...eventKey(reference, details.recordedAt, eventId),
              type: 'event',
              event: 'case-system-details-recorded',
              by: details.recordedBy,
              at: details.recordedAt,
              details: {
                personId: details.personId,
                ...(details.assessmentFactors.length
                  ? { assessmentFactors: details.assessmentFactors.join(' ') }
                  : {}),
              },
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ];
      if (before && before.personId !== details.personId) {
        items.push({
          Delete: {
            TableName: tableName,
            Key: personKey(before.personId),
            ConditionExpression: '#reference = :ref',
            ExpressionAttributeNames: { '#reference': 'reference' },
            ExpressionAttributeValues: { ':ref': reference },
          },
        });
      }
      try {
        await db.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        if (isConditionFailure(error)) {
          const holder = await this.referenceOfPerson(details.personId);
          if (holder && holder !== reference) throw new PersonIdTakenError(holder);
        }
        throw error;
      }
    },

    async appendEvent(reference, event, eventId = randomUUID()) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...eventKey(reference, event.at, eventId), type: 'event', ...event },
          // Events are append-only: never overwrite one.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    async putUpload(id, upload, now) {
      await db
        .send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...importKey(id),
              type: 'import',
              ...upload,
              expiresAt: Math.floor(now.getTime() / 1000) + IMPORT_TTL_SECONDS,
            },
            // The same file uploaded again keeps the first upload (and whether it was confirmed).
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    },

    async getUpload(id, now) {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: importKey(id), ConsistentRead: true }),
      );
      if (!out.Item) return undefined;
      const item = z.parse(UploadItemSchema, out.Item);
      // TTL deletion lags: an expired upload is gone.
      if (item.expiresAt < Math.floor(now.getTime() / 1000)) return undefined;
      return {
        id,
        uploadedBy: item.uploadedBy,
        uploadedAt: item.uploadedAt,
        body: item.body,
        result: item.result,
      };
    },

    async saveUploadResult(id, result) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: importKey(id),
          UpdateExpression: 'SET #result = :result',
          ExpressionAttributeNames: { '#result': 'result' },
          ExpressionAttributeValues: { ':result': result },
        }),
      );
    },

    async sentEmails(reference) {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :email)',
          ExpressionAttributeValues: { ':pk': caseKey(reference).pk, ':email': 'EMAIL#' },
        }),
      );
      return (out.Items ?? []).flatMap((i) => {
        const e = z.safeParse(EmailItemSchema, i);
        return e.success && e.data.state === 'sent' && e.data.sentAt
          ? [{ purpose: e.data.purpose, sentAt: e.data.sentAt }]
          : [];
      });
    },
  };
}
