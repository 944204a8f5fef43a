import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { type CaseChangePlan, planItemCount } from '../domain/case-change.ts';
import { FrontDoorDecisionRecordSchema, RestrictionRecordSchema } from '../domain/front-door.ts';
import { CaseAdditionSchema, InformationRequestSchema } from '../domain/missing-information.ts';
import { CaseNoticeSchema } from '../domain/notice.ts';
import { NotificationSchema } from '../domain/notification.ts';
import { ReminderSchema } from '../domain/reminders.ts';
import { ObligationSchema } from '../domain/statutory-clock.ts';
import {
  ArrangementRecordSchema,
  CaseEventSchema,
  type CaseSnapshot,
  CheckRecordSchema,
  ChildDetailsRecordSchema,
  DecisionRecordSchema,
  EndRecordSchema,
  MoveInRecordSchema,
  SafetyPlanRecordSchema,
  type StoredCase,
  StoredCaseSchema,
  VisitRecordSchema,
  VisitRequestRecordSchema,
} from '../domain/stored-case.ts';
import { TransferRecordSchema } from '../domain/transfer.ts';
import { isConditionFailure } from './dynamo.ts';
import { caseKey, eventKey, obligationKey, reminderKey } from './keys.ts';
import { reminderItem } from './reminder-store.ts';

/** DynamoDB's limit on the items in one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/** Someone else changed the case between our read and our write: read again and retry. */
export class CaseChangedConcurrentlyError extends Error {
  override name = 'CaseChangedConcurrentlyError';
}

/** A change would need more than one transaction; it is refused rather than half-written. */
export class ChangeTooLargeError extends Error {
  override name = 'ChangeTooLargeError';
}

export interface CaseRecords {
  /** Every item of the case (one Query of its partition), parsed; undefined if there is no case. */
  load(reference: string): Promise<CaseSnapshot | undefined>;
  /** Every case item, newest first (gsi2). Each carries the summary the lists and reports need. */
  list(): Promise<StoredCase[]>;
  /** Writes a plan in one transaction, only if the case is still at the version the plan was made from. */
  apply(plan: CaseChangePlan): Promise<void>;
}

const NotificationItemSchema = z.object({ notification: NotificationSchema });

export function createCaseRecords(db: DynamoDBDocumentClient, tableName: string): CaseRecords {
  return {
    async load(reference) {
      const items: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': caseKey(reference).pk },
            ExclusiveStartKey: startKey,
            ConsistentRead: true,
          }),
        );
        items.push(...((page.Items ?? []) as Record<string, unknown>[]));
        startKey = page.LastEvaluatedKey;
      } while (startKey);

      const caseItem = items.find((i) => i.sk === 'CASE');
      if (!caseItem) return undefined;
      const snapshot: CaseSnapshot = {
        caseRecord: z.parse(StoredCaseSchema, caseItem),
        notification: undefined,
        obligations: [],
        reminders: [],
        visits: [],
        visitRequests: [],
        checks: [],
        safetyPlan: undefined,
        end: undefined,
        decision: undefined,
        events: [],
      };
      for (const item of items) {
        const sk = String(item.sk);
        if (sk === 'NOTIFICATION') snapshot.notification = z.parse(NotificationItemSchema, item).notification;
        else if (sk.startsWith('OBLIGATION#')) snapshot.obligations.push(z.parse(ObligationSchema, item));
        else if (sk.startsWith('REMINDER#')) snapshot.reminders.push(z.parse(ReminderSchema, item));
        else if (sk.startsWith('VISIT#')) snapshot.visits.push(z.parse(VisitRecordSchema, item));
        else if (sk.startsWith('REQUEST#'))
          snapshot.visitRequests.push(z.parse(VisitRequestRecordSchema, item));
        else if (sk.startsWith('CHECK#')) snapshot.checks.push(z.parse(CheckRecordSchema, item));
        else if (sk === 'SAFETY-PLAN') snapshot.safetyPlan = z.parse(SafetyPlanRecordSchema, item);
        else if (sk === 'END') snapshot.end = z.parse(EndRecordSchema, item);
        else if (sk === 'DECISION') snapshot.decision = z.parse(DecisionRecordSchema, item);
        else if (sk === 'MOVE-IN') snapshot.moveIn = z.parse(MoveInRecordSchema, item);
        else if (sk === 'ARRANGEMENT') snapshot.arrangement = z.parse(ArrangementRecordSchema, item);
        else if (sk === 'CHILD-DETAILS') snapshot.childDetails = z.parse(ChildDetailsRecordSchema, item);
        else if (sk === 'TRANSFER') snapshot.transfer = z.parse(TransferRecordSchema, item);
        else if (sk === 'FRONT-DOOR') snapshot.frontDoor = z.parse(FrontDoorDecisionRecordSchema, item);
        else if (sk.startsWith('RESTRICTION#'))
          snapshot.restrictions = [...(snapshot.restrictions ?? []), z.parse(RestrictionRecordSchema, item)];
        else if (sk.startsWith('EVENT#')) snapshot.events.push(z.parse(CaseEventSchema, item));
        else if (sk.startsWith('INFO-REQUEST#')) {
          snapshot.informationRequests = [
            ...(snapshot.informationRequests ?? []),
            z.parse(InformationRequestSchema, item),
          ];
        } else if (sk.startsWith('ADDITION#')) {
          snapshot.additions = [...(snapshot.additions ?? []), z.parse(CaseAdditionSchema, item)];
        } else if (sk.startsWith('NOTICE#')) {
          snapshot.notices = [...(snapshot.notices ?? []), z.parse(CaseNoticeSchema, item)];
        }
      }
      // Sort keys already order visits and requests by date, and events by time.
      snapshot.notices?.sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
      return snapshot;
    },

    async list() {
      const cases: StoredCase[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :cases',
            ExpressionAttributeValues: { ':cases': 'CASES' },
            ScanIndexForward: false,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) cases.push(z.parse(StoredCaseSchema, item));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return cases;
    },

    async apply(plan) {
      const count = planItemCount(plan);
      if (count > MAX_TRANSACTION_ITEMS) {
        throw new ChangeTooLargeError(
          `Change to ${plan.reference} needs ${count} items, over ${MAX_TRANSACTION_ITEMS}`,
        );
      }
      const ref = plan.reference;
      const u = plan.caseUpdate;
      const set = ['#status = :status', 'summary = :summary', 'version = :version', 'updatedAt = :updatedAt'];
      const remove: string[] = [];
      const values: Record<string, unknown> = {
        ':status': u.status,
        ':summary': u.summary,
        ':version': u.version,
        ':updatedAt': u.updatedAt,
        ':expected': plan.expectedVersion,
      };
      for (const [name, value] of [
        ['allocatedTo', u.allocatedTo],
        ['allocatedName', u.allocatedName],
        ['allocatedSubject', u.allocatedSubject],
        ['nextDue', u.nextDue],
      ] as const) {
        if (value === undefined) remove.push(name);
        else {
          set.push(`${name} = :${name}`);
          values[`:${name}`] = value;
        }
      }
      const caseUpdate = {
        Update: {
          TableName: tableName,
          Key: caseKey(ref),
          UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
          // Optimistic lock: a case changed by someone else since we read it is not overwritten.
          ConditionExpression:
            plan.expectedVersion === 0
              ? 'attribute_exists(pk) AND (attribute_not_exists(version) OR version = :expected)'
              : 'attribute_exists(pk) AND version = :expected',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
        },
      };
      const transactItems = [
        caseUpdate,
        ...plan.obligationPuts.map((o) => ({
          Put: { TableName: tableName, Item: { ...obligationKey(ref, o.kind), type: 'obligation', ...o } },
        })),
        ...plan.obligationDeletes.map((kind) => ({
          Delete: { TableName: tableName, Key: obligationKey(ref, kind) },
        })),
        ...plan.reminderPuts.map((r) => ({ Put: { TableName: tableName, Item: reminderItem(r) } })),
        ...plan.reminderCancels.map((id) => ({
          Update: {
            TableName: tableName,
            Key: reminderKey(ref, id),
            // Out of the sparse due index: the sweep never sees it again.
            UpdateExpression: 'SET #state = :cancelled, cancelledAt = :at REMOVE gsi1pk, gsi1sk',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':cancelled': 'cancelled', ':at': u.updatedAt },
          },
        })),
        ...plan.reminderRecipientUpdates.map(({ reminderId, recipient }) => ({
          Update: {
            TableName: tableName,
            Key: reminderKey(ref, reminderId),
            UpdateExpression: 'SET recipient = :recipient',
            ExpressionAttributeValues: { ':recipient': recipient },
          },
        })),
        ...(plan.record
          ? [
              {
                Put: {
                  TableName: tableName,
                  Item: { pk: caseKey(ref).pk, sk: plan.record.sk, ...plan.record.item },
                },
              },
            ]
          : []),
        {
          Put: {
            TableName: tableName,
            Item: {
              ...eventKey(ref, plan.event.at, plan.event.id),
              type: 'event',
              event: plan.event.event,
              by: plan.event.by,
              at: plan.event.at,
              details: plan.event.details,
            },
            // Events are append-only: never overwrite one.
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ];
      try {
        await db.send(new TransactWriteCommand({ TransactItems: transactItems }));
      } catch (error) {
        if (isConditionFailure(error)) {
          throw new CaseChangedConcurrentlyError(`Case ${ref} changed since it was read`);
        }
        throw error;
      }
    },
  };
}
