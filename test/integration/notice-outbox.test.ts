import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRemindConfig } from '../../functions/remind/config.ts';
import { type SweepDependencies, sweep } from '../../functions/remind/sweep.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import type { Notice } from '../../shared/domain/notice.ts';
import { OUTBOX_MAX_REQUEUES } from '../../shared/domain/reminders.ts';
import { createMailer, createSesClient } from '../../shared/mail/mailer.ts';
import { createNotificationQueue, type RoutingQueue } from '../../shared/queue/notification-queue.ts';
import { createDigestLedger } from '../../shared/store/digest-ledger.ts';
import { createDueIndex } from '../../shared/store/due-index.ts';
import { createNoticeStore } from '../../shared/store/notice-store.ts';
import { createReminderStore } from '../../shared/store/reminder-store.ts';

/**
 * A change or ending notice stored while the queue was down (issue 12): the teller is told it was
 * sent, so nothing may depend on them pressing Send again. Like a notification, the stored notice
 * keeps an outbox entry in the due index until it is routed; the sweep queues it again, and after
 * too many tries tells the designated manager. Against DynamoDB Local and fauxqs, with the real
 * route function polling the queue.
 */
let stack: LocalStack;
let deps: SweepDependencies;

beforeAll(async () => {
  stack = await startLocalStack({ schedules: false });
  const config = parseRemindConfig(process.env);
  deps = {
    dueIndex: createDueIndex(stack.db, stack.tableName),
    reminders: createReminderStore(stack.db, stack.tableName),
    digests: createDigestLedger(stack.db, stack.tableName),
    mailer: createMailer(createSesClient(stack.emulators.sesEndpoint), config.mail.senderAddress),
    queue: createNotificationQueue(stack.sqs, stack.notificationQueue.url),
    councilName: config.councilName,
    staffBaseUrl: config.staffBaseUrl,
    designatedManager: config.designatedManager,
  };
});
afterAll(async () => {
  await stack?.stop();
});

const aNotice = (noticeRef: string, receivedAt: string): Notice => ({
  noticeRef,
  kind: 'change',
  receivedAt,
  child: { name: 'Sam Example' },
  carer: { name: 'Chris Carer', postcode: 'AN1 1AA' },
  change: { what: 'joined-household' },
  teller: { name: 'Chris Carer', relationship: 'carer' },
});

async function noticeItem(noticeRef: string) {
  const out = await stack.db.send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `NOTICE#${noticeRef}` },
      ConsistentRead: true,
    }),
  );
  return out.Items?.[0];
}

async function until<T>(what: () => Promise<T | undefined>, tries = 150): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const found = await what();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Timed out');
}

describe('the notices outbox', () => {
  it('queues a notice stored while the queue was down, and the route function routes it', async () => {
    const notices = createNoticeStore(stack.db, stack.tableName);
    const receivedAt = '2027-05-03T09:00:00.000Z';
    // The page stored it and the queue call failed: no markQueued, nobody presses Send again.
    await notices.record(aNotice('NQ0WTB0X', receivedAt));
    const stored = await noticeItem('NQ0WTB0X');
    expect(stored?.job).toBe('queue-notice');
    expect(stored?.gsi1sk).toMatch(/^2027-05-03T09:02:00.000Z#NOTICE-OUTBOX#NQ0WTB0X$/);

    // Not yet due within the grace period: a queue that works gets there first.
    expect((await sweep(new Date('2027-05-03T09:01:00Z'), deps)).notificationsRequeued).toBe(0);
    const report = await sweep(new Date('2027-05-03T09:03:00Z'), deps);
    expect(report.notificationsRequeued).toBe(1);

    // The route function takes it (to the notices to match: no reference) and clears the entry.
    const routed = await until(async () => {
      const item = await noticeItem('NQ0WTB0X');
      return item?.routedAt ? item : undefined;
    });
    expect(routed.gsi1sk).toBeUndefined();
    expect(routed.job).toBeUndefined();
    expect((await sweep(new Date('2027-05-03T10:00:00Z'), deps)).notificationsRequeued).toBe(0);
  });

  it('tells the designated manager when a notice cannot be queued after repeated tries', async () => {
    const notices = createNoticeStore(stack.db, stack.tableName);
    await notices.record(aNotice('NQDEADQ1', '2027-06-07T09:00:00.000Z'));
    const down: RoutingQueue = {
      async send() {
        throw new Error('queue down');
      },
    };
    let at = Date.parse('2027-06-07T09:03:00Z');
    for (let i = 0; i < OUTBOX_MAX_REQUEUES; i++) {
      await sweep(new Date(at), { ...deps, queue: down });
      at += 16 * 60_000;
    }
    await sweep(new Date(at), { ...deps, queue: down });
    const item = await noticeItem('NQDEADQ1');
    expect(item?.outboxAbandonedAt).toBeDefined();
    expect(item?.gsi1sk).toBeUndefined();
    const alerts = await stack.db.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: {
          ':pk': 'CASE#NQDEADQ1',
          ':sk': 'REMINDER#delivery-failure#notice-routing',
        },
      }),
    );
    expect(alerts.Items?.[0]?.obligation).toBe('notice-routing');
  });
});
