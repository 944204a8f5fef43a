import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Reminder } from '../domain/reminders.ts';
import type { CaseEvent } from '../domain/stored-case.ts';
import { isConditionFailure } from './dynamo.ts';
import { eventKey } from './keys.ts';
import { reminderItem } from './reminder-store.ts';

/**
 * What the ses-events function writes: the delivery event on the case (append-only), and an
 * escalation to the designated manager as a reminder the sweep sends. Both are written at most
 * once, so SNS or SQS delivering the same event twice changes nothing.
 */
export interface DeliveryFailureStore {
  /** Appends the event to the case's history; false if an event with this id is already there. */
  recordEvent(reference: string, id: string, event: CaseEvent): Promise<boolean>;
  /**
   * Adds the escalation reminder; false if one with the same id exists in any state (already
   * waiting, or already sent: a redelivered bounce must not email the manager again).
   */
  escalate(reminder: Reminder): Promise<boolean>;
}

export function createDeliveryFailureStore(
  db: DynamoDBDocumentClient,
  tableName: string,
): DeliveryFailureStore {
  const putOnce = async (item: Record<string, unknown>): Promise<boolean> => {
    try {
      await db.send(
        new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };
  return {
    recordEvent: (reference, id, event) =>
      putOnce({ ...eventKey(reference, event.at, id), type: 'event', ...event }),
    escalate: (reminder) => putOnce(reminderItem(reminder)),
  };
}
