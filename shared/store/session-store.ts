import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { StaffRoleSchema } from '../domain/case-vocabulary.ts';
import { tokenHash } from '../token-hash.ts';
import { isConditionFailure } from './dynamo.ts';

/**
 * Staff sessions, server-side: the browser holds only a random id in an HttpOnly cookie. The
 * table holds a SHA-256 of that id, never the id itself, so someone who can read the table (a
 * backup, an export) still cannot take over a session. Expired items are removed by the table's
 * TTL (`expiresAt`, epoch seconds); TTL is lazy, so reads check the expiry too.
 */

/** A sign-in in progress: what the callback must check (PKCE verifier, state, nonce). */
export const PendingSignInSchema = z.object({
  kind: z.literal('sign-in'),
  codeVerifier: z.string(),
  state: z.string(),
  nonce: z.string(),
  returnTo: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
});
export type PendingSignIn = z.infer<typeof PendingSignInSchema>;

/** A signed-in member of staff. Times are epoch seconds. */
export const StaffSessionSchema = z.object({
  kind: z.literal('staff'),
  /** The provider's subject the session is bound to (optional only for sessions made before it was kept). */
  subject: z.optional(z.string()),
  email: z.string(),
  name: z.string(),
  role: StaffRoleSchema,
  csrfToken: z.string(),
  createdAt: z.number(),
  lastSeenAt: z.number(),
  /** Hard limit: the session ends then, however active. */
  absoluteExpiresAt: z.number(),
  /** The TTL attribute: the earlier of idle expiry and the absolute limit. */
  expiresAt: z.number(),
});
export type StaffSession = z.infer<typeof StaffSessionSchema>;

const SessionItemSchema = z.discriminatedUnion('kind', [PendingSignInSchema, StaffSessionSchema]);
export type SessionItem = z.infer<typeof SessionItemSchema>;

export const StaffMemberSchema = z.object({
  email: z.string(),
  name: z.string(),
  role: StaffRoleSchema,
  /** The provider's subject, kept since issue 13 (absent for staff last seen before then). */
  subject: z.optional(z.string()),
  lastSignedInAt: z.string(),
});
export type StaffMember = z.infer<typeof StaffMemberSchema>;

export const sessionKey = (id: string) => ({ pk: `SESSION#${tokenHash(id, 'base64url')}`, sk: 'SESSION' });
/** The staff who have signed in: one small partition, read whole to offer caseworkers to allocate. */
export const staffMemberKey = (email: string) => ({ pk: 'STAFF', sk: `MEMBER#${email}` });

export interface SessionStore {
  put(id: string, session: SessionItem): Promise<void>;
  /** The session, or undefined if there is none or its TTL has passed (TTL deletion is lazy). */
  get(id: string, nowSeconds: number): Promise<SessionItem | undefined>;
  /** Records activity: moves the idle expiry on, never past the absolute limit. */
  touch(id: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  /** Takes a pending sign-in once: a replayed callback finds nothing. */
  take(id: string, nowSeconds: number): Promise<PendingSignIn | undefined>;
  delete(id: string): Promise<void>;
  rememberStaffMember(member: StaffMember): Promise<void>;
  listStaffMembers(): Promise<StaffMember[]>;
}

export function createSessionStore(db: DynamoDBDocumentClient, tableName: string): SessionStore {
  return {
    async put(id, session) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...sessionKey(id), type: 'session', ...session },
          // Ids are 256 random bits; a collision means something is badly wrong.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    async get(id, nowSeconds) {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: sessionKey(id), ConsistentRead: true }),
      );
      if (!out.Item) return undefined;
      const parsed = z.safeParse(SessionItemSchema, out.Item);
      if (!parsed.success || parsed.data.expiresAt <= nowSeconds) return undefined;
      return parsed.data;
    },

    async touch(id, lastSeenAt, expiresAt) {
      await db
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: sessionKey(id),
            UpdateExpression: 'SET lastSeenAt = :seen, expiresAt = :exp',
            ConditionExpression: 'attribute_exists(pk) AND kind = :staff',
            ExpressionAttributeValues: { ':seen': lastSeenAt, ':exp': expiresAt, ':staff': 'staff' },
          }),
        )
        .catch((error) => {
          // Signed out in another tab meanwhile: nothing to touch.
          if (!isConditionFailure(error)) throw error;
        });
    },

    async take(id, nowSeconds) {
      try {
        const out = await db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: sessionKey(id),
            ConditionExpression: 'kind = :signIn',
            ExpressionAttributeValues: { ':signIn': 'sign-in' },
            ReturnValues: 'ALL_OLD',
          }),
        );
        const parsed = z.safeParse(PendingSignInSchema, out.Attributes ?? {});
        if (!parsed.success || parsed.data.expiresAt <= nowSeconds) return undefined;
        return parsed.data;
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },

    async delete(id) {
      await db.send(new DeleteCommand({ TableName: tableName, Key: sessionKey(id) }));
    },

    async rememberStaffMember(member) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...staffMemberKey(member.email), type: 'staff-member', ...member },
        }),
      );
    },

    async listStaffMembers() {
      const members: StaffMember[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :staff',
            ExpressionAttributeValues: { ':staff': 'STAFF' },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) {
          const parsed = z.safeParse(StaffMemberSchema, item);
          if (parsed.success) members.push(parsed.data);
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return members;
    },
  };
}
