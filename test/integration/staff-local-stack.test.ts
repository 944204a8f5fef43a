import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { submitNotification } from '../../functions/notify/submit-notification.ts';
import { createNotificationQueue } from '../../shared/queue/notification-queue.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { aNotification, CHILD_NAME } from '../fixtures/notifications.ts';
import { localStackFrom } from '../support/local-runtime.ts';
import { csrfOf, formPost, signInOverHttp } from '../support/staff-client.ts';

/**
 * The staff pages over HTTP in the local runtime wired from the synthesized CDK template: a
 * notification is routed into a case, the manager signs in through the embedded OIDC provider
 * and allocates it, and the caseworker records the initial visit. Nothing is called directly:
 * every step is an HTTP request, as a browser would make it.
 *
 * What is due and which reminders are pending depend on today's date. The whole local runtime
 * runs in this process and reads the clock through Date, so Date starts at TODAY and runs on from
 * there: the suite passes whatever day it runs.
 */
const TODAY = new Date('2026-11-24T10:00:00.000Z');
const stack = localStackFrom(TODAY);

const signIn = async (email: string) => (await signInOverHttp(stack(), email)).go;

describe('staff pages in the local runtime', () => {
  it('runs a routed case through allocation and the initial visit with real sign-in', async () => {
    const notification = aNotification({ receivedAt: '2026-11-02T10:00:00.000Z' });
    await submitNotification(notification, {
      notifications: createNotificationStore(stack().db, stack().tableName),
      queue: createNotificationQueue(stack().sqs, stack().notificationQueue.url),
      now: () => new Date(notification.receivedAt),
    });
    const ref = notification.reference;
    const caseItems = async () =>
      (
        await stack().db.send(
          new QueryCommand({
            TableName: stack().tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `CASE#${ref}` },
          }),
        )
      ).Items ?? [];
    for (let i = 0; i < 100 && !(await caseItems()).some((x) => x.sk === 'CASE'); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }

    const manager = await signIn('manager@anytown.example');
    const list = await (await manager(`${stack().baseUrl}/staff/cases?show=unallocated`)).text();
    expect(list).toContain(ref);
    const form = await (await manager(`${stack().baseUrl}/staff/cases/${ref}/allocate`)).text();
    const allocated = await manager(
      `${stack().baseUrl}/staff/cases/${ref}/allocate`,
      formPost({ csrfToken: csrfOf(form), caseworker: 'other', otherEmail: 'caseworker1@anytown.example' }),
    );
    expect(allocated.status).toBe(303);

    const worker = await signIn('caseworker1@anytown.example');
    const page = await (await worker(`${stack().baseUrl}/staff/cases/${ref}`)).text();
    expect(page).toContain(CHILD_NAME);
    const visitForm = await (await worker(`${stack().baseUrl}/staff/cases/${ref}/record-visit`)).text();
    const recorded = await worker(
      `${stack().baseUrl}/staff/cases/${ref}/record-visit`,
      formPost({
        csrfToken: csrfOf(visitForm),
        'date-day': '5',
        'date-month': '11',
        'date-year': '2026',
        kind: 'initial',
        childSeenAlone: 'yes',
        matters: ['health'],
      }),
    );
    expect(recorded.status).toBe(303);
    const items = await caseItems();
    expect(items.find((x) => x.sk === 'OBLIGATION#regulation-8-visit')).toMatchObject({
      due: '2026-12-17',
      status: 'open',
    });
    expect(items.find((x) => x.sk === 'REMINDER#regulation-8-visit#due-today')).toMatchObject({
      recipient: 'caseworker1@anytown.example',
      state: 'pending',
    });

    const other = await signIn('caseworker2@anytown.example');
    expect((await other(`${stack().baseUrl}/staff/cases/${ref}`)).status).toBe(403);
  });

  it('reads the same clock as the reminder sweep (npm start --as-of moves both)', async () => {
    // As `npm start -- --as-of 2027-01-21T08:00:00Z` does: the emails and the pages agree.
    stack().clock.set(new Date('2027-01-21T08:00:00.000Z'));
    try {
      const manager = await signIn('manager@anytown.example');
      const compliance = await (await manager(`${stack().baseUrl}/staff/compliance`)).text();
      expect(compliance).toContain('figures count up to today, 21 January 2027');
    } finally {
      stack().clock.set(new Date());
    }
  });
});
