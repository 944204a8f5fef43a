import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseOpeningPlan } from '../domain/case-opening.ts';
import { isConditionFailure } from './dynamo.ts';
import { caseKey, caseListKeys, eventKey, notificationKey, obligationKey } from './keys.ts';
import { reminderItem } from './reminder-store.ts';

export interface CaseStore {
  /**
   * Opens the case with its obligations, reminders and first event in one transaction.
   * `created` is false if the case was already open (a retry).
   */
  open(plan: CaseOpeningPlan, now: Date): Promise<{ created: boolean }>;
}

export function createCaseStore(db: DynamoDBDocumentClient, tableName: string): CaseStore {
  return {
    async open(plan, now) {
      const { reference } = plan.caseRecord;
      const at = now.toISOString();
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...caseKey(reference),
                    type: 'case',
                    ...plan.caseRecord,
                    nextDue: plan.obligations.find((o) => o.status === 'open')?.due,
                    ...caseListKeys(plan.caseRecord.receivedAt, reference),
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...plan.obligations.map((o) => ({
                Put: {
                  TableName: tableName,
                  Item: { ...obligationKey(reference, o.kind), type: 'obligation', ...o },
                },
              })),
              ...plan.reminders.map((r) => ({ Put: { TableName: tableName, Item: reminderItem(r) } })),
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...eventKey(reference, at, randomUUID()),
                    type: 'event',
                    event: 'case-opened',
                    by: 'system',
                    at,
                  },
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: notificationKey(reference),
                  // The outbox entry stays until the emails are sent (markRouted): a crash between
                  // opening the case and alerting the manager must still end in an alert.
                  UpdateExpression: 'SET caseOpenedAt = :at',
                  ExpressionAttributeValues: { ':at': at },
                  ConditionExpression: 'attribute_exists(pk)',
                },
              },
            ],
          }),
        );
        return { created: true };
      } catch (error) {
        if (isConditionFailure(error)) return { created: false };
        throw error;
      }
    },
  };
}
