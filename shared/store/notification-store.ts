import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { type Notification, NotificationSchema } from '../domain/notification.ts';
import { OUTBOX_GRACE_SECONDS, OUTBOX_REQUEUE_AFTER_MINUTES } from '../domain/reminders.ts';
import { schemaOnFirstUse } from '../schema-on-first-use.ts';
import { isConditionFailure } from './dynamo.ts';
import { dueIndexKeys, notificationKey } from './keys.ts';

export const outboxItemId = (reference: string) => `OUTBOX#${reference}`;

const StoredNotificationSchema = schemaOnFirstUse(() =>
  z.object({
    notification: NotificationSchema,
    queuedAt: z.optional(z.string()),
  }),
);
export type StoredNotification = z.infer<typeof StoredNotificationSchema>;

export interface NotificationStore {
  /** Stores the notification once; `created` is false when this reference is already stored. */
  record(notification: Notification): Promise<{ created: boolean }>;
  get(reference: string): Promise<StoredNotification | undefined>;
  /** Marks it queued and moves its outbox entry later (in case the message is lost). */
  markQueued(reference: string, at: Date): Promise<void>;
  /** Marks it routed (case open, manager alerted, notifier acknowledged) and takes it out of the outbox. */
  markRouted(reference: string, at: Date): Promise<void>;
}

export function createNotificationStore(db: DynamoDBDocumentClient, tableName: string): NotificationStore {
  return {
    async record(notification) {
      const { reference, receivedAt } = notification;
      // Storing and queueing are two services: if notify's queue call fails after this write, the
      // outbox entry (in the sparse due index) has the sweep queue it.
      const retryAt = new Date(Date.parse(receivedAt) + OUTBOX_GRACE_SECONDS * 1000).toISOString();
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...notificationKey(reference),
              type: 'notification',
              reference,
              notification,
              ...dueIndexKeys(outboxItemId(reference), retryAt),
              dueAt: retryAt,
              job: 'queue-notification',
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

    async get(reference) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: notificationKey(reference) }));
      if (!out.Item) return undefined;
      // Items read back are a boundary too: a malformed one fails loudly here, not in an email.
      return z.parse(StoredNotificationSchema, out.Item);
    },

    async markRouted(reference, at) {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: notificationKey(reference),
          UpdateExpression: 'SET routedAt = if_not_exists(routedAt, :at) REMOVE gsi1pk, gsi1sk, dueAt, job',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
    },

    async markQueued(reference, at) {
      // Keep the outbox entry, pushed later: it is cleared only when the case is opened, so a
      // message lost after queueing (a crashed consumer, a purged queue) is still routed.
      const retryAt = new Date(at.getTime() + OUTBOX_REQUEUE_AFTER_MINUTES * 60_000).toISOString();
      await db
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: notificationKey(reference),
            UpdateExpression: 'SET queuedAt = if_not_exists(queuedAt, :at), dueAt = :retry, gsi1sk = :sk',
            ConditionExpression: 'attribute_exists(gsi1pk)',
            ExpressionAttributeValues: {
              ':at': at.toISOString(),
              ':retry': retryAt,
              ':sk': dueIndexKeys(outboxItemId(reference), retryAt).gsi1sk,
            },
          }),
        )
        .catch((error) => {
          // Already routed (the case opened first and cleared the outbox): nothing to do.
          if (!isConditionFailure(error)) throw error;
        });
    },
  };
}
