import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { type SweepReport, sweep } from '../../functions/remind/sweep.ts';
import type { Reminder } from '../../shared/domain/reminders.ts';
import { createMailer, createSesClient } from '../../shared/mail/mailer.ts';
import { createNotificationQueue } from '../../shared/queue/notification-queue.ts';
import { createDigestLedger } from '../../shared/store/digest-ledger.ts';
import { createDueIndex } from '../../shared/store/due-index.ts';
import { caseKey, caseListKeys } from '../../shared/store/keys.ts';
import { createReminderStore, reminderItem } from '../../shared/store/reminder-store.ts';

/**
 * The sweep at scale: cases seeded straight into DynamoDB Local with BatchWriteItem, in the item
 * shapes and keys the product writes (case-store.ts, reminder-store.ts `reminderItem()`, keys.ts),
 * each case with one reminder that is not yet due (so the sparse index holds every case), plus a
 * set of reminders that are due. The sweep is the product's `sweep()` with a mailer to the SES
 * emulator; its report counts the index items it read.
 */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Deterministic, valid references: a letter for the set, then the index in Crockford base32. */
export function benchReference(set: string, i: number): string {
  let out = '';
  let n = i;
  for (let k = 0; k < 7; k++) {
    out = CROCKFORD[n % 32] + out;
    n = Math.floor(n / 32);
  }
  return `${set}${out}`;
}

const TEAMS = Array.from({ length: 20 }, (_, i) => `team-${i}@anytown.example`);

function caseItem(reference: string, receivedAt: string, mailbox: string) {
  return {
    ...caseKey(reference),
    type: 'case',
    reference,
    receivedAt,
    status: 'open',
    mailbox,
    notifierRole: 'school',
    urgent: false,
    gaps: [],
    nextDue: receivedAt.slice(0, 10),
    ...caseListKeys(receivedAt, reference),
  };
}

function reminder(reference: string, stage: Reminder['stage'], dueAt: string, recipient: string): Reminder {
  return {
    reference,
    reminderId: `initial-visit#${stage}`,
    obligation: 'initial-visit',
    stage,
    due: dueAt.slice(0, 10),
    basis: '7 working days after the notification',
    recipient,
    audience: 'case',
    state: 'pending',
    dueAt,
    attempts: 0,
  };
}

/** Writes items 25 at a time, `concurrency` requests in flight, retrying unprocessed items. */
export async function batchWrite(
  raw: DynamoDBClient,
  tableName: string,
  items: Iterable<Record<string, unknown>>,
  concurrency = 8,
): Promise<number> {
  const iterator = items[Symbol.iterator]();
  let written = 0;
  const nextBatch = (): WriteRequest[] => {
    const batch: WriteRequest[] = [];
    while (batch.length < 25) {
      const n = iterator.next();
      if (n.done) break;
      batch.push({ PutRequest: { Item: marshall(n.value, { removeUndefinedValues: true }) } });
    }
    return batch;
  };
  const worker = async () => {
    for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
      let pending = batch;
      for (let attempt = 0; pending.length > 0; attempt++) {
        const out = await raw.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
        const unprocessed = out.UnprocessedItems?.[tableName] ?? [];
        written += pending.length - unprocessed.length;
        pending = unprocessed;
        if (pending.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return written;
}

/** Cases [from, to): a CASE item and one reminder due after `notDueAfter` (spread over 60 days). */
export function* casesWithFutureReminders(
  from: number,
  to: number,
  notDueAfter: Date,
): Generator<Record<string, unknown>> {
  const day = 86_400_000;
  for (let i = from; i < to; i++) {
    const reference = benchReference('C', i);
    const mailbox = TEAMS[i % TEAMS.length] ?? 'team@anytown.example';
    const receivedAt = new Date(notDueAfter.getTime() - 5 * day).toISOString();
    yield caseItem(reference, receivedAt, mailbox);
    const dueAt = new Date(notDueAfter.getTime() + day + ((i * 7919) % (60 * day))).toISOString();
    yield reminderItem(reminder(reference, 'due-today', dueAt, mailbox));
  }
}

/**
 * `count` due reminders on existing cases [0, count) of the set, due in the hour before `at`, for
 * 20 team mailboxes of the sweep's own (`tag`). The sweeps share a simulated day, and a recipient
 * gets one digest a day (shared/domain/reminder-digest.ts): with the same mailboxes every sweep
 * after the first put all its reminders back for tomorrow and sent nothing, so it was not timing
 * the sending. Fresh recipients make each sweep send its 20 digests.
 */
export function* dueReminders(count: number, at: Date, tag: string): Generator<Record<string, unknown>> {
  for (let i = 0; i < count; i++) {
    const reference = benchReference('C', i);
    const mailbox = `team-${i % TEAMS.length}.${tag}@anytown.example`;
    const dueAt = new Date(at.getTime() - 3_600_000 + (i * 3_599_000) / count).toISOString();
    const r = reminder(reference, 'due-soon', dueAt, mailbox);
    yield reminderItem({ ...r, reminderId: `initial-visit#due-soon-${tag}` });
  }
}

export interface SweepRun {
  ms: number;
  report: SweepReport;
}

/** One run of the product's sweep as of `at`, with a mailer to the SES emulator. */
export async function timeSweep(
  at: Date,
  clients: {
    db: DynamoDBDocumentClient;
    sqs: SQSClient;
    tableName: string;
    sesEndpoint: string;
    queueUrl: string;
  },
): Promise<SweepRun> {
  const deps = {
    dueIndex: createDueIndex(clients.db, clients.tableName),
    reminders: createReminderStore(clients.db, clients.tableName),
    digests: createDigestLedger(clients.db, clients.tableName),
    mailer: createMailer(createSesClient(clients.sesEndpoint), 'no-reply@anytown.example'),
    queue: createNotificationQueue(clients.sqs, clients.queueUrl),
    councilName: 'Anytown Council',
    staffBaseUrl: 'http://127.0.0.1/staff',
    designatedManager: 'front-door-manager@anytown.example',
  };
  const started = performance.now();
  const report = await sweep(at, deps);
  return { ms: performance.now() - started, report };
}
