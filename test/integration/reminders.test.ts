import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitNotification } from '../../functions/notify/submit-notification.ts';
import type { SweepReport } from '../../functions/remind/sweep.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { createNotificationQueue } from '../../shared/queue/notification-queue.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { aNotification, CHILD_NAME } from '../fixtures/notifications.ts';
import { clearMailbox, readMailbox, type SentEmail, waitForEmails } from '../support/mailbox.ts';

let stack: LocalStack;
const REMIND = 'functions/remind/handler.ts';
const TEAM = 'front-door-north@anytown.example';
const MANAGER = 'front-door-manager@anytown.example';
/** The local stack's deputy designated manager (cdk.json): escalations go to them too. */
const DEPUTY = 'deputy-manager@anytown.example';

beforeAll(async () => {
  stack = await startLocalStack({ schedules: false });
});
afterAll(async () => {
  await stack?.stop();
});

const sweepAt = (iso: string) => stack.invoke(REMIND, { scheduledTime: iso }) as Promise<SweepReport>;
const about = (emails: SentEmail[], ref: string) =>
  emails.filter((e) => e.body.text?.includes(`Case: ${ref}`));

async function openCase(receivedAt: string) {
  const notification = aNotification({ receivedAt });
  await submitNotification(notification, {
    notifications: createNotificationStore(stack.db, stack.tableName),
    queue: createNotificationQueue(stack.sqs, stack.notificationQueue.url),
    now: () => new Date(),
  });
  await waitForEmails(stack.mailboxUrl, (all) => all.some((e) => e.subject.includes(notification.reference)));
  return notification.reference;
}

describe('reminder sweep', () => {
  it('sends each stage of the initial-visit clock once, on its day, and escalates when overdue', async () => {
    // Received Monday 21 December 2026: the initial visit is due Monday 4 January 2027.
    const ref = await openCase('2026-12-21T10:00:00.000Z');
    await clearMailbox(stack.mailboxUrl);

    // The front door's decision was due Tuesday 22 December (one working day, Working Together
    // 2023) and never recorded: the first sweep chases the team and escalates to the designated
    // manager and the deputy. Nothing about the initial visit is due before the due-soon day (2
    // working days before: Wednesday 30 December).
    await sweepAt('2026-12-29T12:00:00Z');
    const frontDoor = about(await readMailbox(stack.mailboxUrl), ref);
    expect(frontDoor.map((e) => e.destination.to).sort()).toEqual([[MANAGER, DEPUTY], [TEAM]]);
    for (const e of frontDoor) {
      expect(e.body.text).toContain('Front door decision');
      expect(e.body.text).not.toContain('Initial visit');
    }
    await clearMailbox(stack.mailboxUrl);

    // Two overlapping runs: one email.
    const [a, b] = await Promise.all([sweepAt('2026-12-30T09:00:00Z'), sweepAt('2026-12-30T09:00:00Z')]);
    expect(a.claimed + b.claimed).toBe(1);
    let emails = about(await readMailbox(stack.mailboxUrl), ref);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.destination.to).toEqual([TEAM]);
    expect(emails[0]?.body.text).toContain('- Due soon: Initial visit\n');
    expect(emails[0]?.body.text).toContain('Due by: 4 January 2027');
    expect(emails[0]?.body.text).not.toContain(CHILD_NAME);

    // A repeated run the same day sends nothing more.
    await sweepAt('2026-12-30T15:00:00Z');
    expect(about(await readMailbox(stack.mailboxUrl), ref)).toHaveLength(1);

    await clearMailbox(stack.mailboxUrl);
    await sweepAt('2027-01-04T08:15:00Z');
    emails = about(await readMailbox(stack.mailboxUrl), ref);
    expect(emails.map((e) => e.body.text?.includes('Due today: Initial visit'))).toEqual([true]);

    // A missed run is caught up: the first sweep after the overdue day sends to the team and
    // escalates to the designated manager.
    await clearMailbox(stack.mailboxUrl);
    await sweepAt('2027-01-06T10:00:00Z');
    emails = about(await readMailbox(stack.mailboxUrl), ref);
    expect(emails.map((e) => e.destination.to[0]).sort()).toEqual([TEAM, MANAGER].sort());
    expect(emails.find((e) => e.destination.to[0] === MANAGER)?.body.text).toContain('escalated to you');

    // Weekly while overdue, counted from when they were sent (Wednesday 6 January, 10:00), not
    // from the day they fell due: not on Tuesday 12 January, again on Wednesday 13 January.
    await clearMailbox(stack.mailboxUrl);
    await sweepAt('2027-01-08T10:00:00Z');
    expect(about(await readMailbox(stack.mailboxUrl), ref)).toHaveLength(0);
    await sweepAt('2027-01-12T10:00:00Z');
    expect(about(await readMailbox(stack.mailboxUrl), ref)).toHaveLength(0);
    await sweepAt('2027-01-13T10:00:00Z');
    expect(about(await readMailbox(stack.mailboxUrl), ref)).toHaveLength(2);
  });

  it('reads only what is due, and sends one digest per recipient', async () => {
    const refs = [await openCase('2027-02-01T10:00:00.000Z'), await openCase('2027-02-01T11:00:00.000Z')];
    await clearMailbox(stack.mailboxUrl);
    // Initial visits due Wednesday 10 February; due soon on Monday 8 February.
    const report = await sweepAt('2027-02-08T09:00:00Z');
    // The two due-soon reminders, plus the first case's weekly overdue repeats.
    expect(report.due).toBeGreaterThanOrEqual(2);
    expect(report.itemsRead).toBe(report.due);
    const toTeam = (await readMailbox(stack.mailboxUrl)).filter((e) => e.destination.to[0] === TEAM);
    expect(toTeam).toHaveLength(1);
    for (const ref of refs) expect(toTeam[0]?.body.text).toContain(`Case: ${ref}`);
  });

  it('keeps reminder items in the index until sent, and out of it after', async () => {
    const ref = await openCase('2027-03-01T10:00:00.000Z');
    const inIndex = async () =>
      (
        await stack.db.send(
          new QueryCommand({
            TableName: stack.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
            ExpressionAttributeValues: { ':pk': `CASE#${ref}`, ':r': 'REMINDER#' },
          }),
        )
      ).Items?.filter((i) => i.gsi1pk !== undefined).map((i) => i.stage) ?? [];
    // The initial visit's four, and the front door's decision's three (its "due soon" fell
    // before the notification arrived, so it was never planned).
    expect((await inIndex()).sort()).toEqual([
      'due-soon',
      'due-today',
      'due-today',
      'escalation',
      'escalation',
      'overdue',
      'overdue',
    ]);
    // Monday 8 March: the front door's decision (due 2 March) has been chased; its overdue reminder
    // and escalation stay in the index for their weekly repeat, its due-today is done. The initial
    // visit's due-soon went; the rest wait.
    await sweepAt('2027-03-08T09:00:00Z');
    expect((await inIndex()).sort()).toEqual(['due-today', 'escalation', 'escalation', 'overdue', 'overdue']);
  });

  it('routes a notification that was stored but never queued (the outbox)', async () => {
    // As if the queue call failed after the write: stored, not queued.
    const notification = aNotification({ receivedAt: '2027-04-01T09:00:00.000Z' });
    await createNotificationStore(stack.db, stack.tableName).record(notification);
    const before = await sweepAt('2027-04-01T09:01:00Z');
    expect(before.notificationsRequeued).toBe(0);
    const report = await sweepAt('2027-04-01T09:03:00Z');
    expect(report.notificationsRequeued).toBe(1);
    await waitForEmails(stack.mailboxUrl, (all) =>
      all.some((e) => e.subject === `Private fostering notification ${notification.reference}`),
    );
  });
});
