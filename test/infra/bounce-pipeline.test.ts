import { randomUUID } from 'node:crypto';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { submitNotification } from '../../functions/notify/submit-notification.ts';
import type { SweepReport } from '../../functions/remind/sweep.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { createNotificationQueue } from '../../shared/queue/notification-queue.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { aNotification, CHILD_NAME } from '../fixtures/notifications.ts';
import { clearMailbox, readMailbox, waitForEmails } from '../support/mailbox.ts';

/**
 * The bounce pipeline as the template wires it: an SES event (in its SNS envelope) on the delivery
 * events queue → ses-events (the local poller, from the template's event source mapping) → an
 * event on the case and an escalation reminder → the sweep emails the designated manager.
 */
const SES_EVENTS = 'functions/ses-events/handler.ts';
const REMIND = 'functions/remind/handler.ts';
const MANAGER = 'front-door-manager@anytown.example';
/** The local stack's deputy (cdk.json): escalations to the manager go to deputies too. */
const DEPUTY = 'deputy-manager@anytown.example';
const NOTIFIER = 'priya.teacher@school.example';

let stack: LocalStack;
let deliveryEventsQueueUrl: string;

beforeAll(async () => {
  stack = await startLocalStack({ schedules: false });
  const sesEvents = stack.wiring.functions.find((f) => f.entry === SES_EVENTS);
  const mapping = stack.wiring.eventSources.find((e) => e.functionId === sesEvents?.id);
  if (!mapping) throw new Error('No queue feeds ses-events in the template');
  deliveryEventsQueueUrl =
    (await stack.sqs.send(new GetQueueUrlCommand({ QueueName: mapping.queueId }))).QueueUrl ?? '';
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

async function openCase(): Promise<string> {
  const notification = aNotification({ receivedAt: new Date().toISOString() });
  await submitNotification(notification, {
    notifications: createNotificationStore(stack.db, stack.tableName),
    queue: createNotificationQueue(stack.sqs, stack.notificationQueue.url),
    now: () => new Date(),
  });
  await waitForEmails(stack.mailboxUrl, (all) => all.some((e) => e.subject.includes(notification.reference)));
  return notification.reference;
}

/** What SES publishes to the configuration set's topic, wrapped as SNS delivers it to SQS. */
function snsEnvelope(sesEvent: Record<string, unknown>): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: 'arn:aws:sns:eu-west-2:000000000000:private-fostering-dev-delivery-events',
    Message: JSON.stringify(sesEvent),
    Timestamp: new Date().toISOString(),
  });
}

function bounce(opts: { messageId: string; reference?: string; purpose: string; to: string }) {
  const at = new Date().toISOString();
  return {
    eventType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [
        { emailAddress: opts.to, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550' },
      ],
      timestamp: at,
      feedbackId: `feedback-${opts.messageId}`,
      reportingMTA: 'dsn; a1-2.smtp-out.eu-west-2.amazonses.com',
    },
    mail: {
      timestamp: at,
      source: 'private-fostering@anytown.example',
      messageId: opts.messageId,
      destination: [opts.to],
      headersTruncated: false,
      tags: {
        'ses:configuration-set': ['private-fostering-dev'],
        purpose: [opts.purpose],
        ...(opts.reference ? { reference: [opts.reference] } : {}),
      },
    },
  };
}

async function publish(sesEvent: Record<string, unknown>): Promise<void> {
  await stack.sqs.send(
    new SendMessageCommand({ QueueUrl: deliveryEventsQueueUrl, MessageBody: snsEnvelope(sesEvent) }),
  );
}

async function caseItems(reference: string): Promise<Record<string, unknown>[]> {
  const out = await stack.db.send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${reference}` },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as Record<string, unknown>[];
}

async function waitForItems(
  reference: string,
  predicate: (items: Record<string, unknown>[]) => boolean,
  timeoutMs = 10_000,
): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const items = await caseItems(reference);
    if (predicate(items)) return items;
    if (Date.now() > deadline) throw new Error(`Case ${reference} never matched`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const events = (items: Record<string, unknown>[], name: string) => items.filter((i) => i.event === name);
const escalations = (items: Record<string, unknown>[]) =>
  items.filter((i) => String(i.sk).startsWith('REMINDER#delivery-failure#'));

describe('bounce pipeline (local, wired from the template)', () => {
  it('records a bounced alert on the case once, and the sweep escalates it to the designated manager', async () => {
    const reference = await openCase();
    const messageId = `0102${randomUUID()}-000000`;
    const event = bounce({
      messageId,
      reference,
      purpose: 'manager-alert',
      to: 'front-door-north@anytown.example',
    });

    await publish(event);
    await publish(event); // SNS delivers at least once
    let items = await waitForItems(reference, (all) => escalations(all).length > 0);
    await new Promise((r) => setTimeout(r, 1500)); // let the duplicate be processed too
    items = await caseItems(reference);

    expect(events(items, 'email-bounced')).toEqual([
      expect.objectContaining({
        type: 'event',
        by: 'system',
        details: expect.objectContaining({
          sesMessageId: messageId,
          purpose: 'manager-alert',
          bounceType: 'Permanent',
        }),
      }),
    ]);
    expect(escalations(items)).toEqual([
      expect.objectContaining({
        sk: `REMINDER#delivery-failure#${messageId}`,
        stage: 'delivery-failure',
        audience: 'manager',
        recipient: MANAGER,
        state: 'pending',
        gsi1pk: expect.stringMatching(/^DUE#/),
      }),
    ]);

    await clearMailbox(stack.mailboxUrl);
    const report = (await stack.invoke(REMIND, {
      scheduledTime: new Date(Date.now() + 1000).toISOString(),
    })) as SweepReport;
    expect(report.remindersSent).toBeGreaterThanOrEqual(1);
    const emails = (await readMailbox(stack.mailboxUrl)).filter((e) =>
      e.body.text?.includes(`Case: ${reference}`),
    );
    expect(emails).toHaveLength(1);
    expect(emails[0]?.destination.to).toEqual([MANAGER, DEPUTY]);
    expect(emails[0]?.body.text).toContain(
      'Delivery problem: An email about this case could not be delivered',
    );
    expect(emails[0]?.body.text).toContain('new-notification alert');
    expect(emails[0]?.body.text).toContain('front-door-north@anytown.example');
    expect(emails[0]?.body.text).not.toContain(CHILD_NAME);
  }, 60_000);

  it('counts bounced acknowledgements in one escalation a day, naming no address, and acknowledges a bounced address no more (issue 13)', async () => {
    // The day the bounces arrive names the escalation: the clock is fixed.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-15T10:00:00Z'));
    try {
      const references = [await openCase(), await openCase(), await openCase()];
      for (const reference of references) {
        await publish(
          bounce({
            messageId: `0102${randomUUID()}-000000`,
            reference,
            purpose: 'notifier-acknowledgement',
            to: NOTIFIER,
          }),
        );
      }
      // Each bounce is on its own case, and none of the cases has an escalation of its own.
      for (const reference of references) {
        const items = await waitForItems(reference, (all) => events(all, 'email-bounced').length > 0);
        expect(escalations(items)).toEqual([]);
      }
      const day = await waitForItems('NO-CASE', (all) =>
        all.some(
          (i) =>
            i.sk === 'REMINDER#delivery-failure#notifier-acknowledgements#2026-06-15' &&
            i.failures === 3 &&
            // The basis is worded by the writer of the latest count, just after the count itself.
            String(i.basis).startsWith('3 '),
        ),
      );
      const daily = day.find(
        (i) => i.sk === 'REMINDER#delivery-failure#notifier-acknowledgements#2026-06-15',
      );
      expect(daily).toMatchObject({
        state: 'pending',
        recipient: MANAGER,
        audience: 'manager',
        due: '2026-06-16',
        dueAt: '2026-06-16T00:00:00.000Z',
        gsi1pk: expect.stringMatching(/^DUE#/),
      });
      expect(String(daily?.basis)).toMatch(
        /^3 acknowledgements to notifiers could not be delivered on 2026-06-15/,
      );
      expect(String(daily?.basis)).not.toContain(NOTIFIER);

      // The address bounced hard: a new notification from it is routed and alerted, not acknowledged.
      await clearMailbox(stack.mailboxUrl);
      const next = await openCase();
      await new Promise((r) => setTimeout(r, 1000));
      const emails = (await readMailbox(stack.mailboxUrl)).filter((e) => e.subject.includes(next));
      expect(emails.flatMap((e) => e.destination.to)).not.toContain(NOTIFIER);
      expect(emails.length).toBeGreaterThanOrEqual(1);
    } finally {
      vi.useRealTimers();
    }
  }, 60_000);

  it('records but does not escalate a bounce of mail to the designated manager (it would bounce again)', async () => {
    const reference = await openCase();
    await publish(
      bounce({ messageId: `0102${randomUUID()}-000000`, reference, purpose: 'reminder-digest', to: MANAGER }),
    );
    const items = await waitForItems(reference, (all) => events(all, 'email-bounced').length > 0);
    await new Promise((r) => setTimeout(r, 500));
    expect(escalations(items)).toEqual([]);
  }, 30_000);

  it("does not escalate a bounced save-and-return link (a member of the public's address, no case)", async () => {
    const messageId = `0102${randomUUID()}-000000`;
    const control = `0102${randomUUID()}-000000`;
    await publish(bounce({ messageId, purpose: 'save-and-return', to: 'someone@public.example' }));
    // A digest bounce without a reference is escalated under NO-CASE: once it shows, the
    // save-and-return event before it has certainly been handled.
    await publish(
      bounce({ messageId: control, purpose: 'reminder-digest', to: 'front-door-north@anytown.example' }),
    );
    const items = await waitForItems('NO-CASE', (all) => all.some((i) => String(i.sk).includes(control)));
    expect(items.some((i) => String(i.sk).includes(messageId))).toBe(false);
  }, 30_000);

  it('records a complaint on the case without escalating it (the email arrived)', async () => {
    const reference = await openCase();
    const at = new Date().toISOString();
    await publish({
      eventType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: NOTIFIER }],
        timestamp: at,
        feedbackId: randomUUID(),
      },
      mail: {
        timestamp: at,
        messageId: `0102${randomUUID()}-000000`,
        destination: [NOTIFIER],
        tags: { reference: [reference], purpose: ['notifier-acknowledgement'] },
      },
    });
    const items = await waitForItems(reference, (all) => events(all, 'email-complaint').length > 0);
    expect(escalations(items)).toEqual([]);
  }, 30_000);

  it('fails a malformed message (so it is retried, then dead-lettered) without failing the rest of the batch', async () => {
    const result = (await stack.invoke(SES_EVENTS, {
      Records: [
        {
          messageId: 'bad-1',
          receiptHandle: 'r1',
          body: 'not json',
          attributes: {},
          messageAttributes: {},
          eventSource: 'aws:sqs',
        },
        {
          messageId: 'ignored-1',
          receiptHandle: 'r2',
          body: snsEnvelope({
            eventType: 'Send',
            mail: { messageId: 'x', timestamp: new Date().toISOString() },
          }),
          attributes: {},
          messageAttributes: {},
          eventSource: 'aws:sqs',
        },
      ],
    })) as SQSBatchResponse;
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'bad-1' }]);
  });
});
