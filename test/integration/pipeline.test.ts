import {
  GetQueueAttributesCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitNotification } from '../../functions/notify/submit-notification.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { createNotificationQueue } from '../../shared/queue/notification-queue.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { aNotification, CARER_STREET, CHILD_NAME } from '../fixtures/notifications.ts';
import { clearMailbox, readMailbox, waitForEmails } from '../support/mailbox.ts';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ schedules: false });
});
afterAll(async () => {
  await stack?.stop();
});

async function submit(overrides: Parameters<typeof aNotification>[0] = {}) {
  const notification = aNotification(overrides);
  const outcome = await submitNotification(notification, {
    notifications: createNotificationStore(stack.db, stack.tableName),
    queue: createNotificationQueue(stack.sqs, stack.notificationQueue.url),
    now: () => new Date(),
  });
  return { notification, outcome };
}

const itemsOfCase = async (reference: string) =>
  (
    await stack.db.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CASE#${reference}` },
      }),
    )
  ).Items ?? [];

describe('notification → queue → route → designated manager', () => {
  it('opens the case with the initial-visit due date and emails the team mailbox and the notifier', async () => {
    await clearMailbox(stack.mailboxUrl);
    const { notification, outcome } = await submit();
    const ref = notification.reference;
    expect(outcome).toMatchObject({ reference: ref, duplicate: false, queued: true });

    const emails = await waitForEmails(
      stack.mailboxUrl,
      (all) => all.filter((e) => e.subject.includes(ref)).length === 2,
    );
    const mine = emails.filter((e) => e.subject.includes(ref));
    const alert = mine.find((e) => e.subject === `Private fostering notification ${ref}`);
    const ack = mine.find((e) => e.subject.startsWith('We have received'));
    // AN1 is routed to the north team by cdk.json's dev routing rules.
    expect(alert?.destination.to).toEqual(['front-door-north@anytown.example']);
    expect(ack?.destination.to).toEqual(['priya.teacher@school.example']);
    // 21 Dec 2026 + 7 working days, skipping Christmas, the Boxing Day substitute and New Year's Day.
    expect(alert?.body.text).toContain('Initial visit due by: 4 January 2027');
    // The role from the form's fixed list; the organisation the notifier typed stays on the case page.
    expect(alert?.body.text).toContain('From: School or college (the organisation is on the case page)');
    expect(alert?.body.text).not.toContain('Anytown Academy');
    expect(alert?.body.text).toContain(`${stack.baseUrl}/staff/cases/${ref}`);
    expect(ack?.body.text).toContain('by 4 January 2027');
    // The council's contact and out-of-hours numbers (cdk.json dev context).
    expect(ack?.body.text).toContain('01632 960000');
    expect(ack?.body.text).toContain('01632 960999');
    for (const email of mine) {
      const whole = `${email.subject}\n${email.body.text ?? ''}${email.body.html ?? ''}`;
      expect(whole).not.toContain(CHILD_NAME);
      expect(whole).not.toContain(CARER_STREET);
      expect(whole).not.toContain('Morgan Friend');
    }

    // Routing marks the notification routed after the acknowledgement is sent: wait for that,
    // rather than race it (the emails can arrive first).
    let items = await itemsOfCase(ref);
    for (let i = 0; i < 50 && !items.find((it) => it.sk === 'NOTIFICATION')?.routedAt; i++) {
      await new Promise((r) => setTimeout(r, 100));
      items = await itemsOfCase(ref);
    }
    const caseItem = items.find((i) => i.sk === 'CASE');
    expect(caseItem).toMatchObject({
      status: 'open',
      mailbox: 'front-door-north@anytown.example',
      urgent: false,
    });
    expect(items.find((i) => i.sk === 'OBLIGATION#initial-visit')).toMatchObject({
      due: '2027-01-04',
      status: 'open',
    });
    const reminders = items.filter((i) => String(i.sk).startsWith('REMINDER#'));
    // The initial visit's four, and the front door's one-day decision's three (Working Together
    // 2023; its "due soon" would have fallen before the notification arrived).
    expect(reminders.map((r) => r.stage).sort()).toEqual([
      'due-soon',
      'due-today',
      'due-today',
      'escalation',
      'escalation',
      'overdue',
      'overdue',
    ]);
    expect(items.find((i) => i.sk === 'OBLIGATION#front-door-decision')).toMatchObject({
      due: '2026-12-22',
      status: 'open',
    });
    // Routed: out of the outbox.
    expect(items.find((i) => i.sk === 'NOTIFICATION')?.gsi1pk).toBeUndefined();
  });

  it('sends the alert once when the same message is delivered again', async () => {
    await clearMailbox(stack.mailboxUrl);
    const { notification } = await submit({
      notifier: { role: 'health', name: 'Dr Who', email: 'gp@nhs.example' },
    });
    const ref = notification.reference;
    await waitForEmails(stack.mailboxUrl, (all) => all.filter((e) => e.subject.includes(ref)).length === 2);
    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.notificationQueue.url,
        MessageBody: JSON.stringify({ reference: ref }),
      }),
    );
    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.notificationQueue.url,
        MessageBody: JSON.stringify({ reference: ref }),
      }),
    );
    await waitForQueueEmpty();
    const mine = (await readMailbox(stack.mailboxUrl)).filter((e) => e.subject.includes(ref));
    expect(mine).toHaveLength(2);
  });

  it('gives a double submission one notification, one reference and one alert', async () => {
    await clearMailbox(stack.mailboxUrl);
    const notification = aNotification();
    const deps = {
      notifications: createNotificationStore(stack.db, stack.tableName),
      queue: createNotificationQueue(stack.sqs, stack.notificationQueue.url),
      now: () => new Date(),
    };
    const [a, b] = await Promise.all([
      submitNotification(notification, deps),
      submitNotification(notification, deps),
    ]);
    expect(a.reference).toBe(b.reference);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    await waitForEmails(stack.mailboxUrl, (all) =>
      all.some((e) => e.subject.includes(notification.reference)),
    );
    await waitForQueueEmpty();
    const alerts = (await readMailbox(stack.mailboxUrl)).filter(
      (e) => e.subject === `Private fostering notification ${notification.reference}`,
    );
    expect(alerts).toHaveLength(1);
  });

  it('routes to the designated manager when no rule matches, and flags urgency', async () => {
    await clearMailbox(stack.mailboxUrl);
    const { notification } = await submit({
      carer: { address: { postcode: 'ZZ9 9ZZ' } },
      parents: [],
      arrangement: { immediateSafetyConcern: true },
    });
    const emails = await waitForEmails(stack.mailboxUrl, (all) =>
      all.some((e) => e.subject === `URGENT: Private fostering notification ${notification.reference}`),
    );
    const alert = emails.find((e) => e.subject.startsWith('URGENT'));
    // The local stack (cdk.json) names a deputy: alerts to the designated manager go to them too.
    expect(alert?.destination.to).toEqual([
      'front-door-manager@anytown.example',
      'deputy-manager@anytown.example',
    ]);
    expect(alert?.body.text).toContain(
      "Not given in the notification: Start date of the arrangement; Parents' details",
    );
  });

  it('moves a malformed message to the dead-letter queue after the receive limit, without blocking others', async () => {
    // A short visibility timeout so five receives take seconds, not minutes.
    await stack.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: stack.notificationQueue.url,
        Attributes: { VisibilityTimeout: '1' },
      }),
    );
    try {
      await clearMailbox(stack.mailboxUrl);
      await stack.sqs.send(
        new SendMessageCommand({ QueueUrl: stack.notificationQueue.url, MessageBody: '{"nope":' }),
      );
      const { notification } = await submit();
      await waitForEmails(stack.mailboxUrl, (all) =>
        all.some((e) => e.subject.includes(notification.reference)),
      );
      const deadline = Date.now() + 20_000;
      let inDlq = 0;
      while (Date.now() < deadline) {
        inDlq = await visibleMessages(stack.deadLetterQueue.url);
        if (inDlq > 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(inDlq).toBe(1);
    } finally {
      await stack.sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: stack.notificationQueue.url,
          Attributes: { VisibilityTimeout: '60' },
        }),
      );
    }
  });

  it('stores the notification exactly as submitted', async () => {
    const { notification } = await submit();
    await waitForEmails(stack.mailboxUrl, (all) =>
      all.some((e) => e.subject.includes(notification.reference)),
    );
    const stored = await stack.db.send(
      new GetCommand({
        TableName: stack.tableName,
        Key: { pk: `CASE#${notification.reference}`, sk: 'NOTIFICATION' },
      }),
    );
    expect(stored.Item?.notification).toEqual(notification);
  });
});

async function visibleMessages(url: string): Promise<number> {
  const out = await stack.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
}

async function waitForQueueEmpty(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const out = await stack.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: stack.notificationQueue.url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    if (
      out.Attributes?.ApproximateNumberOfMessages === '0' &&
      out.Attributes?.ApproximateNumberOfMessagesNotVisible === '0'
    ) {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Queue did not drain');
}
