import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { submitNotification } from '../../functions/notify/submit-notification.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { createNotificationQueue } from '../../shared/queue/notification-queue.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { aNotification, CHILD_NAME } from '../fixtures/notifications.ts';

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
let stack: LocalStack;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: TODAY, shouldAdvanceTime: true });
  stack = await startLocalStack({ schedules: false });
});
afterAll(async () => {
  await stack?.stop();
  vi.useRealTimers();
});

/** A cookie jar per origin and a fetch that never follows redirects by itself. */
function agent() {
  const jars = new Map<string, Map<string, string>>();
  return async (url: string, init: RequestInit = {}) => {
    const origin = new URL(url).origin;
    const jar = jars.get(origin) ?? new Map<string, string>();
    jars.set(origin, jar);
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0] as string;
      const i = pair.indexOf('=');
      if (pair.slice(i + 1) === '') jar.delete(pair.slice(0, i));
      else jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  };
}

async function signIn(email: string) {
  const go = agent();
  const oidc = stack.oidc;
  if (!oidc) throw new Error('The local stack has no OIDC provider');
  let res = await go(`${stack.baseUrl}/staff/cases`);
  expect(res.status).toBe(303);
  let location = new URL(res.headers.get('location') as string, stack.baseUrl).href;
  // Staff sign-in → provider → its login page.
  while (!location.includes('/interaction/')) {
    res = await go(location);
    location = new URL(res.headers.get('location') as string, location).href;
  }
  await go(location);
  res = await go(`${location}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      email,
      password: oidc.users.find((u) => u.email === email)?.password ?? '',
    }).toString(),
  });
  // Back through the provider to the callback and on to the page first asked for.
  for (let i = 0; i < 8 && res.status === 303; i++) {
    location = new URL(res.headers.get('location') as string, location).href;
    res = await go(location);
  }
  expect(location).toBe(`${stack.baseUrl}/staff/cases`);
  expect(res.status).toBe(200);
  return go;
}

const csrfOf = (html: string) => /name="csrfToken" value="([^"]+)"/.exec(html)?.[1] ?? '';
const post = (form: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  };
};

describe('staff pages in the local runtime', () => {
  it('runs a routed case through allocation and the initial visit with real sign-in', async () => {
    const notification = aNotification({ receivedAt: '2026-11-02T10:00:00.000Z' });
    await submitNotification(notification, {
      notifications: createNotificationStore(stack.db, stack.tableName),
      queue: createNotificationQueue(stack.sqs, stack.notificationQueue.url),
      now: () => new Date(notification.receivedAt),
    });
    const ref = notification.reference;
    const caseItems = async () =>
      (
        await stack.db.send(
          new QueryCommand({
            TableName: stack.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `CASE#${ref}` },
          }),
        )
      ).Items ?? [];
    for (let i = 0; i < 100 && !(await caseItems()).some((x) => x.sk === 'CASE'); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }

    const manager = await signIn('manager@anytown.example');
    const list = await (await manager(`${stack.baseUrl}/staff/cases?show=unallocated`)).text();
    expect(list).toContain(ref);
    const form = await (await manager(`${stack.baseUrl}/staff/cases/${ref}/allocate`)).text();
    const allocated = await manager(
      `${stack.baseUrl}/staff/cases/${ref}/allocate`,
      post({ csrfToken: csrfOf(form), caseworker: 'other', otherEmail: 'caseworker1@anytown.example' }),
    );
    expect(allocated.status).toBe(303);

    const worker = await signIn('caseworker1@anytown.example');
    const page = await (await worker(`${stack.baseUrl}/staff/cases/${ref}`)).text();
    expect(page).toContain(CHILD_NAME);
    const visitForm = await (await worker(`${stack.baseUrl}/staff/cases/${ref}/record-visit`)).text();
    const recorded = await worker(
      `${stack.baseUrl}/staff/cases/${ref}/record-visit`,
      post({
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
    expect((await other(`${stack.baseUrl}/staff/cases/${ref}`)).status).toBe(403);
  });

  it('reads the same clock as the reminder sweep (npm start --as-of moves both)', async () => {
    // As `npm start -- --as-of 2027-01-21T08:00:00Z` does: the emails and the pages agree.
    stack.clock.set(new Date('2027-01-21T08:00:00.000Z'));
    try {
      const manager = await signIn('manager@anytown.example');
      const compliance = await (await manager(`${stack.baseUrl}/staff/compliance`)).text();
      expect(compliance).toContain('figures count up to today, 21 January 2027');
    } finally {
      stack.clock.set(new Date());
    }
  });
});
