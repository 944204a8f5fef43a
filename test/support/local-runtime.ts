import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { submitNotification } from '../../functions/notify/submit-notification.ts';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../infra/local/local-stack.ts';
import type { Notification } from '../../shared/domain/notification.ts';
import { createNotificationQueue } from '../../shared/queue/notification-queue.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import type { SentEmail } from './mailbox.ts';
import { csrfOf, formPost, httpSession } from './staff-client.ts';

/**
 * Steps the tests of the local runtime (`startLocalStack`) share: reading a partition, waiting for
 * the route function, and telling a change or ending notice through the public pages.
 */

/**
 * The local runtime for one test file, with the clock (Date only) set to `today` and running on
 * from there: started before the file's tests, stopped after them. Read it through the function
 * returned, in tests and hooks (not at module level, before it has started).
 */
export function localStackFrom(
  today: Date,
  options: LocalStackOptions = { schedules: false },
): () => LocalStack {
  let stack: LocalStack | undefined;
  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: today, shouldAdvanceTime: true });
    stack = await startLocalStack(options);
  });
  afterAll(async () => {
    await stack?.stop();
    vi.useRealTimers();
  });
  return () => {
    if (!stack) throw new Error('The local stack has not started yet');
    return stack;
  };
}

/** Asks `what` every 100 ms until it answers something (`tries` times at most). */
export async function until<T>(what: () => Promise<T | undefined>, tries = 100): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const found = await what();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Timed out');
}

/** Emails carry a reference and a link only: none of `personal` is in any subject or body. */
export const noPersonalData = (emails: SentEmail[], ...personal: string[]) => {
  for (const e of emails) {
    const whole = `${e.subject}\n${e.body.text ?? ''}${e.body.html ?? ''}`;
    for (const p of personal) expect(whole).not.toContain(p);
  }
};

/** `stack` is read at each call, so the helpers can be made at module level, before `beforeAll`. */
export function localRuntime(stack: () => LocalStack) {
  /** Every item of a partition, read consistently. */
  async function items(pk: string) {
    const { db, tableName } = stack();
    const out = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      }),
    );
    return out.Items ?? [];
  }

  /** Submit a notification and wait until route has finished with it. */
  async function routed(notification: Notification) {
    const { db, tableName, sqs, notificationQueue } = stack();
    await submitNotification(notification, {
      notifications: createNotificationStore(db, tableName),
      queue: createNotificationQueue(sqs, notificationQueue.url),
      now: () => new Date(),
    });
    await until(async () => {
      const n = (await items(`CASE#${notification.reference}`)).find((i) => i.sk === 'NOTIFICATION');
      return n?.routedAt ? n : undefined;
    });
  }

  /** Tells a notice through the public pages, as a browser without JavaScript would. */
  async function tellNotice(
    base: string,
    about: Record<string, string>,
    details: Record<string, string>,
    you: Record<string, string> = {
      tellerName: 'Chris Carer',
      relationship: 'carer',
      email: 'chris@carer.example',
    },
  ) {
    const { baseUrl } = stack();
    // Notices count against the per-client limit (3 in 10 minutes) and all come from this process.
    vi.setSystemTime(new Date(Date.now() + 11 * 60_000));
    const { go } = httpSession(baseUrl);
    const start = await go(`${baseUrl}${base}`);
    expect(start.status).toBe(200);
    const first = await go(`${baseUrl}${base}/about`);
    const csrfToken = csrfOf(await first.text());
    for (const [step, answers] of [
      ['about', about],
      ['details', details],
      ['you', you],
    ] as const) {
      const res = await go(`${baseUrl}${base}/${step}`, formPost({ csrfToken, ...answers }));
      expect(res.status, `${step}: ${res.status === 422 ? await res.text() : ''}`).toBe(303);
    }
    const check = await go(`${baseUrl}${base}/check-answers`);
    expect(check.status).toBe(200);
    const checkHtml = await check.text();
    const sent = await go(`${baseUrl}${base}/check-answers`, formPost({ csrfToken }));
    expect(sent.status).toBe(303);
    const confirmation = await (await go(`${baseUrl}${base}/sent`)).text();
    const noticeRef = /<strong>([0-9A-Z]{8})<\/strong>/.exec(confirmation)?.[1] ?? '';
    expect(noticeRef).toMatch(/^[0-9A-Z]{8}$/);
    return { noticeRef, checkHtml, go };
  }

  return { items, routed, tellNotice };
}
