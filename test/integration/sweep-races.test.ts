import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRemindConfig } from '../../functions/remind/config.ts';
import { type SweepDependencies, sweep } from '../../functions/remind/sweep.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { createMailer, createSesClient } from '../../shared/mail/mailer.ts';
import { createNotificationQueue, type NotificationQueue } from '../../shared/queue/notification-queue.ts';
import { createDigestLedger } from '../../shared/store/digest-ledger.ts';
import { createDueIndex } from '../../shared/store/due-index.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { createReminderStore } from '../../shared/store/reminder-store.ts';
import { aNotification } from '../fixtures/notifications.ts';
import { clearMailbox, readMailbox } from '../support/mailbox.ts';

/**
 * The sweep shares its items with other writers: the route function clears a notification's
 * outbox entry the moment its case opens, and it may do so while a sweep is re-queueing that very
 * notification. These tests make those interleavings happen on purpose, against the emulators,
 * instead of waiting for the one run in four where the timing lines up.
 */
let stack: LocalStack;
let deps: SweepDependencies;

beforeAll(async () => {
  // No pollers: the test plays the route function itself, at the moment it chooses.
  stack = await startLocalStack({ schedules: false, pollers: false });
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

async function itemsOf(pk: string, skPrefix: string) {
  const out = await stack.db.send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': pk, ':sk': skPrefix },
    }),
  );
  return out.Items ?? [];
}

describe('the sweep and the route function on the same outbox entry', () => {
  it('re-queues a notification whose case opens while the message is being sent', async () => {
    const notifications = createNotificationStore(stack.db, stack.tableName);
    const notification = aNotification({ receivedAt: '2027-05-03T09:00:00.000Z' });
    await notifications.record(notification);

    // The route function receives the re-queued message and opens the case before the sweep's
    // own call returns: it takes the entry out of the index (markRouted).
    const routedDuringSend: NotificationQueue = {
      async send(message) {
        await deps.queue.send(message);
        await notifications.markRouted(message.reference, new Date('2027-05-03T09:03:01Z'));
      },
    };
    const report = await sweep(new Date('2027-05-03T09:03:00Z'), { ...deps, queue: routedDuringSend });

    expect(report.notificationsRequeued).toBe(1);
    const stored = await itemsOf(`CASE#${notification.reference}`, 'NOTIFICATION');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.routedAt).toBe('2027-05-03T09:03:01.000Z');
    // Out of the index for good: no later sweep queues it again, nothing is escalated.
    expect(stored[0]?.gsi1sk).toBeUndefined();
    const later = await sweep(new Date('2027-05-03T10:00:00Z'), deps);
    expect(later.notificationsRequeued).toBe(0);
    expect(await itemsOf(`CASE#${notification.reference}`, 'REMINDER#delivery-failure')).toHaveLength(0);
  });

  it('escalates to the designated manager an entry re-queued three times without its case opening', async () => {
    const notifications = createNotificationStore(stack.db, stack.tableName);
    const stuck = aNotification({ receivedAt: '2027-06-01T09:00:00.000Z' });
    await notifications.record(stuck);
    const at = (minutes: number) => new Date(Date.parse('2027-06-01T09:03:00Z') + minutes * 60_000);
    const requeued = [];
    for (const m of [0, 15, 30]) requeued.push((await sweep(at(m), deps)).notificationsRequeued);
    expect(requeued).toEqual([1, 1, 1]);
    // Nothing came of three tries: the designated manager hears, and the entry leaves the index.
    expect((await sweep(at(45), deps)).notificationsRequeued).toBe(0);
    const [entry] = await itemsOf(`CASE#${stuck.reference}`, 'NOTIFICATION');
    expect(entry?.outboxAbandonedAt).toBe(at(45).toISOString());
    expect(entry?.gsi1sk).toBeUndefined();
    const failures = await itemsOf(`CASE#${stuck.reference}`, 'REMINDER#delivery-failure');
    expect(failures.map((f) => f.recipient)).toEqual([deps.designatedManager]);
  });
});

describe('an overdue reminder caught up after weeks of missed sweeps', () => {
  it('is sent once, and repeats a week after it was sent, never sooner', async () => {
    const reference = 'SWEEPRC1';
    // Fell due on Monday 1 February 2027; the sweep has not run since (an outage of three weeks).
    await deps.reminders.add({
      reference,
      reminderId: 'initial-visit#overdue',
      obligation: 'initial-visit',
      stage: 'overdue',
      due: '2027-01-29',
      basis: '7 working days after 20 January 2027',
      recipient: 'front-door-north@anytown.example',
      audience: 'case',
      state: 'pending',
      dueAt: '2027-02-01T08:00:00.000Z',
      attempts: 0,
    });
    await clearMailbox(stack.mailboxUrl);
    const mine = async () =>
      (await readMailbox(stack.mailboxUrl)).filter((e) => e.body.text?.includes(`Case: ${reference}`));

    // Caught up on Monday 22 February at 08:05: sent once.
    const sentAt = new Date('2027-02-22T08:05:00Z');
    expect((await sweep(sentAt, deps)).remindersSent).toBe(1);
    expect(await mine()).toHaveLength(1);
    const [item] = await itemsOf(`CASE#${reference}`, 'REMINDER#initial-visit#overdue');
    expect(item?.dueAt).toBe('2027-03-01T08:05:00.000Z');
    expect(item?.lastSentAt).toBe(sentAt.toISOString());

    // Not again in the next sweep (15 minutes on), nor the next day, nor six days on.
    for (const at of ['2027-02-22T08:20:00Z', '2027-02-23T08:05:00Z', '2027-02-28T08:05:00Z']) {
      expect((await sweep(new Date(at), deps)).remindersSent).toBe(0);
    }
    expect(await mine()).toHaveLength(1);

    // A week after it was sent: again.
    expect((await sweep(new Date('2027-03-01T08:05:00Z'), deps)).remindersSent).toBe(1);
    expect(await mine()).toHaveLength(2);
  });
});
