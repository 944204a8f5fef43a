import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Reminder } from '../domain/reminders.ts';
import { dueIndexKeys, reminderKey } from './keys.ts';

/** Reminder items: one email to one recipient, waiting in the sparse due index until sent. */
export interface ReminderStore {
  /** Adds a reminder unless one with the same id is already waiting (escalations are raised once). */
  add(reminder: Reminder): Promise<void>;
}

export function reminderItem(r: Reminder) {
  return {
    ...reminderKey(r.reference, r.reminderId),
    type: 'reminder',
    job: 'reminder',
    ...r,
    ...dueIndexKeys(`${r.reference}#${r.reminderId}`, r.dueAt),
  };
}

export function createReminderStore(db: DynamoDBDocumentClient, tableName: string): ReminderStore {
  return {
    async add(reminder) {
      await db
        .send(
          new PutCommand({
            TableName: tableName,
            Item: reminderItem(reminder),
            ConditionExpression: 'attribute_not_exists(pk) OR #state <> :pending',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':pending': 'pending' },
          }),
        )
        .catch((error: Error) => {
          if (error.name !== 'ConditionalCheckFailedException') throw error;
        });
    },
  };
}
