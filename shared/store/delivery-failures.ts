import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
  /**
   * Counts one more failure in a daily escalation (shared/domain/bounce-escalation.ts): creates the
   * reminder with the first, adds to its count after, and words its basis by the count. False if
   * the reminder has already been sent (the caller then escalates this failure on its own).
   */
  countInDailyEscalation(reminder: Reminder, basisFor: (count: number) => string): Promise<boolean>;
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
    async countInDailyEscalation(reminder, basisFor) {
      const { pk, sk, ...fields } = reminderItem(reminder);
      const names: Record<string, string> = { '#state': 'state' };
      const values: Record<string, unknown> = { ':one': 1, ':pending': 'pending' };
      const sets = Object.entries(fields).map(([name, value], i) => {
        names[`#f${i}`] = name;
        values[`:f${i}`] = value;
        return `#f${i} = if_not_exists(#f${i}, :f${i})`;
      });
      let count: number;
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk, sk },
            // Created pending by the first failure of the day; the sweep sends it the next morning.
            UpdateExpression: `SET ${sets.join(', ')} ADD failures :one`,
            ConditionExpression: 'attribute_not_exists(pk) OR #state = :pending',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        count = Number(out.Attributes?.failures ?? 1);
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
      try {
        // Only the writer of the latest count words the basis, so concurrent failures settle on
        // the highest count.
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk, sk },
            UpdateExpression: 'SET basis = :basis',
            ConditionExpression: 'failures = :count AND #state = :pending',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':basis': basisFor(count), ':count': count, ':pending': 'pending' },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      return true;
    },
  };
}
