import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitNotification } from '../../functions/notify/submit-notification.ts';
import type { SweepReport } from '../../functions/remind/sweep.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { planCaseChange } from '../../shared/domain/case-change.ts';
import { obligationLabel, obligationRuleInWords } from '../../shared/domain/obligation-labels.ts';
import { defaultReminderPolicy, defaultSchedulePolicy } from '../../shared/domain/statutory-clock.ts';
import { defaultCalendar } from '../../shared/domain/working-days.ts';
import { createNotificationQueue } from '../../shared/queue/notification-queue.ts';
import { createCaseRecords } from '../../shared/store/case-records.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { createReminderStore } from '../../shared/store/reminder-store.ts';
import { aNotification, CHILD_NAME } from '../fixtures/notifications.ts';
import { clearMailbox, readMailbox, type SentEmail, waitForEmails } from '../support/mailbox.ts';

/**
 * What a caseworker reads after the sweep has not run for weeks (a laptop started `--as-of` eight
 * weeks on, or an outage): one line per thing to do, at its current stage, in the case page's
 * words, the most overdue first; nothing again on the next sweep; the repeat a week later.
 */
let stack: LocalStack;
const REMIND = 'functions/remind/handler.ts';
const CASEWORKER = 'caseworker1@anytown.example';
const MANAGER = 'front-door-manager@anytown.example';

beforeAll(async () => {
  stack = await startLocalStack({ schedules: false });
});
afterAll(async () => {
  await stack?.stop();
});

const sweepAt = (iso: string) => stack.invoke(REMIND, { scheduledTime: iso }) as Promise<SweepReport>;
const to = (emails: SentEmail[], address: string) => emails.filter((e) => e.destination.to[0] === address);
/** The lines a person reads: the case heading, each item, and its due date. */
const readLines = (email: SentEmail | undefined) =>
  (email?.body.text ?? '')
    .split('\n')
    .filter((l) => /^(Case: |- | {2}Due by: )/.test(l))
    .map((l) => l.replace(/^Case: [0-9A-Z]+$/, 'Case: <reference>'));

/** The checks the council's policy requires, as the case page orders obligations by kind. */
const requiredChecks = defaultSchedulePolicy.checks
  .filter((c) => c.required)
  .map((c) => `check:${c.type}`)
  .sort();

describe('a digest after weeks without a sweep', () => {
  it('lists each duty once at its current stage, most overdue first, and does not repeat it for a week', async () => {
    // Received Tuesday 1 December 2026. The initial visit is due Thursday 10 December (2, 3, 4, 7,
    // 8, 9, 10); the checks 10 working days after that due date, Thursday 24 December (11, 14–18,
    // 21–24; Christmas Eve is a working day). None is met.
    const notification = aNotification({ receivedAt: '2026-12-01T10:00:00.000Z' });
    await submitNotification(notification, {
      notifications: createNotificationStore(stack.db, stack.tableName),
      queue: createNotificationQueue(stack.sqs, stack.notificationQueue.url),
      now: () => new Date('2026-12-01T10:00:00.000Z'),
    });
    await waitForEmails(stack.mailboxUrl, (all) =>
      all.some((e) => e.subject.includes(notification.reference)),
    );
    // Allocated the next afternoon: the case is now the caseworker's, with the checks to do.
    const records = createCaseRecords(stack.db, stack.tableName);
    const snapshot = await records.load(notification.reference);
    if (!snapshot) throw new Error('The case did not open');
    await records.apply(
      planCaseChange(
        snapshot,
        { type: 'allocate', caseworker: { email: CASEWORKER, name: 'Casey Worker' } },
        {
          actor: { email: 'manager@anytown.example', name: 'Dana Manager', role: 'designated-manager' },
          now: new Date('2026-12-02T14:00:00.000Z'),
          designatedManager: MANAGER,
          calendar: defaultCalendar,
          schedulePolicy: defaultSchedulePolicy,
          reminderPolicy: defaultReminderPolicy,
          newId: () => 'digest-allocation',
        },
      ),
    );
    await clearMailbox(stack.mailboxUrl);

    // The first sweep in seven weeks: Thursday 21 January 2027, 08:00.
    const first = await sweepAt('2027-01-21T08:00:00Z');
    expect(first.emailsSent).toBe(2);
    const emails = await readMailbox(stack.mailboxUrl);
    const worker = to(emails, CASEWORKER);
    const manager = to(emails, MANAGER);
    expect(worker).toHaveLength(1);
    expect(manager).toHaveLength(1);
    expect(worker[0]?.subject).toBe('Overdue: Private fostering: 11 items due');

    // The front door's decision, due one working day after the notification (Wednesday 2
    // December), was never recorded: the most overdue, so first.
    const expectedLines = (stage: string) => [
      'Case: <reference>',
      `- ${stage}: ${obligationLabel('front-door-decision')}`,
      '  Due by: 2 December 2026 (50 days ago)',
      `- ${stage}: Initial visit`,
      '  Due by: 10 December 2026 (42 days ago)',
      ...requiredChecks.flatMap((kind) => [
        `- ${stage}: ${obligationLabel(kind)}`,
        '  Due by: 24 December 2026 (28 days ago)',
      ]),
    ];
    expect(readLines(worker[0])).toEqual(expectedLines('OVERDUE'));
    expect(readLines(manager[0])).toEqual(expectedLines('OVERDUE (escalated to you as designated manager)'));
    for (const e of [...worker, ...manager]) {
      expect(e.body.text).toContain(`Case: ${notification.reference}`);
      // The rule in general words, not the case page's basis (which names dates about the child).
      expect(e.body.text).toContain(`  Why: ${obligationRuleInWords('initial-visit')}`);
      expect(e.body.text).not.toContain(notification.child.dateOfBirth);
      expect(e.body.text).not.toMatch(/born|disabled|1 December 2026, the date/);
      expect(e.body.text).not.toMatch(/Due soon|Due today/);
      expect(e.body.text).not.toContain(CHILD_NAME);
    }

    // The next sweep, 15 minutes on, and the next morning: nothing.
    await clearMailbox(stack.mailboxUrl);
    expect((await sweepAt('2027-01-21T08:15:00Z')).emailsSent).toBe(0);
    expect((await sweepAt('2027-01-22T08:00:00Z')).emailsSent).toBe(0);
    expect(await readMailbox(stack.mailboxUrl)).toHaveLength(0);

    // A week after they were sent: the same list once more, a week later.
    expect((await sweepAt('2027-01-28T08:00:00Z')).emailsSent).toBe(2);
    const again = to(await readMailbox(stack.mailboxUrl), CASEWORKER);
    expect(readLines(again[0])).toEqual(
      expectedLines('OVERDUE').map((l) =>
        l
          .replace('(50 days ago)', '(57 days ago)')
          .replace('(42 days ago)', '(49 days ago)')
          .replace('(28 days ago)', '(35 days ago)'),
      ),
    );
  });

  it('sends a recipient one digest a day, unless something has newly become overdue', async () => {
    const reminders = createReminderStore(stack.db, stack.tableName);
    const recipient = 'caseworker-digest@anytown.example';
    const base = {
      reference: 'DIGEST01',
      basis: 'A test duty',
      recipient,
      audience: 'case' as const,
      state: 'pending' as const,
      attempts: 0,
    };
    await clearMailbox(stack.mailboxUrl);
    await reminders.add({
      ...base,
      reminderId: 'initial-visit#due-today',
      obligation: 'initial-visit',
      stage: 'due-today',
      due: '2027-03-01',
      dueAt: '2027-03-01T08:00:00.000Z',
    });
    await sweepAt('2027-03-01T08:05:00Z');
    expect(to(await readMailbox(stack.mailboxUrl), recipient)).toHaveLength(1);

    // Planned at midday (a change on the case): not news enough for a second digest today.
    await reminders.add({
      ...base,
      reminderId: 'check:police#due-soon',
      obligation: 'check:police',
      stage: 'due-soon',
      due: '2027-03-03',
      dueAt: '2027-03-01T12:00:00.000Z',
    });
    await sweepAt('2027-03-01T12:15:00Z');
    expect(to(await readMailbox(stack.mailboxUrl), recipient)).toHaveLength(1);

    // Something newly overdue is: a second digest, with only that.
    await reminders.add({
      ...base,
      reminderId: 'check:health#overdue',
      obligation: 'check:health',
      stage: 'overdue',
      due: '2027-02-26',
      dueAt: '2027-03-01T13:00:00.000Z',
    });
    await sweepAt('2027-03-01T13:15:00Z');
    let mine = to(await readMailbox(stack.mailboxUrl), recipient);
    expect(mine).toHaveLength(2);
    expect(readLines(mine[1])).toEqual([
      'Case: <reference>',
      `- OVERDUE: ${obligationLabel('check:health')}`,
      '  Due by: 26 February 2027 (3 days ago)',
    ]);

    // The held-back item goes in the next morning's digest.
    await sweepAt('2027-03-02T08:05:00Z');
    mine = to(await readMailbox(stack.mailboxUrl), recipient);
    expect(mine).toHaveLength(3);
    expect(readLines(mine[2])).toEqual([
      'Case: <reference>',
      `- Due soon: ${obligationLabel('check:police')}`,
      '  Due by: 3 March 2027',
    ]);
  });
});
