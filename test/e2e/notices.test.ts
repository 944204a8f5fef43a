import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitNotification } from '../../functions/notify/submit-notification.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { createNotificationQueue } from '../../shared/queue/notification-queue.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { aNotification } from '../fixtures/notifications.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';

/**
 * Issue 12's new pages in Chromium: the change and ending journeys by label text with JavaScript
 * on (axe on every page, an error state included) and off (the same journey completes), and the
 * staff pages for notices to match and a possible duplicate, with axe.
 */
let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startLocalStack({ schedules: false });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  context.setDefaultTimeout(5_000);
  return context.newPage();
}

async function a11y(page: Page, name: string, javaScriptEnabled: boolean) {
  // axe runs as script in the page: with JavaScript off the same pages were checked in the on run.
  if (!javaScriptEnabled) return;
  const ids = (await axeViolations(page)).map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(ids, `axe violations on ${name}`).toEqual([]);
}

async function routedCase() {
  const notification = aNotification({ receivedAt: new Date(Date.now() - 86_400_000).toISOString() });
  await submitNotification(notification, {
    notifications: createNotificationStore(stack.db, stack.tableName),
    queue: createNotificationQueue(stack.sqs, stack.notificationQueue.url),
    now: () => new Date(),
  });
  for (let i = 0; i < 100; i++) {
    const out = await stack.db.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CASE#${notification.reference}` },
      }),
    );
    if (out.Items?.find((x) => x.sk === 'NOTIFICATION')?.routedAt) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return notification;
}

async function signedIn(page: Page, email: string) {
  await page.goto(`${stack.baseUrl}/staff/cases`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(stack.oidc?.users.find((u) => u.email === email)?.password ?? '');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/staff/cases');
}

describe('telling a change or an end online, in a browser', () => {
  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'on' : 'off';
    it(`tells an ending with JavaScript ${mode}`, { timeout: 90_000 }, async () => {
      const { reference } = await routedCase();
      const page = await newPage(javaScriptEnabled);
      await page.goto(`${stack.baseUrl}/`);
      await page.getByRole('link', { name: 'Tell us a private fostering arrangement has ended' }).click();
      await a11y(page, 'end start', javaScriptEnabled);
      await page.getByRole('button', { name: 'Start now' }).click();
      await a11y(page, 'end about', javaScriptEnabled);
      // An error state first: the child's name is required.
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('link', { name: 'Enter the child’s full name' }).waitFor();
      expect(await page.title()).toMatch(/^Error: /);
      await a11y(page, 'end about (error)', javaScriptEnabled);
      await page.getByLabel('Case reference (optional)').fill(reference);
      await page.getByLabel('The child’s full name').fill('Juniper Browsertest');
      await page.getByRole('button', { name: 'Continue' }).click();
      await a11y(page, 'end details', javaScriptEnabled);
      await page.getByLabel('Returned home to a parent').check();
      await page.getByLabel('Where has the child gone? (optional)').fill('Home to mum');
      await page.getByRole('button', { name: 'Continue' }).click();
      await a11y(page, 'end you', javaScriptEnabled);
      await page.getByLabel('Your full name').fill('Rowan Carer');
      await page.getByLabel('I am the carer').check();
      await page.getByLabel('Email address').fill('rowan@carer.example');
      await page.getByRole('button', { name: 'Continue' }).click();
      await a11y(page, 'end check answers', javaScriptEnabled);
      expect(await page.getByText('Home to mum').count()).toBe(1);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('heading', { name: 'End of arrangement sent' }).waitFor();
      await a11y(page, 'end sent', javaScriptEnabled);
    });
  }

  it('tells a change, and the staff pages for notices pass axe', { timeout: 90_000 }, async () => {
    const page = await newPage(true);
    await page.goto(`${stack.baseUrl}/tell-us-about-a-change`);
    await a11y(page, 'change start', true);
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.getByLabel('The child’s full name').fill('Quentin Nomatch');
    await page.getByRole('button', { name: 'Continue' }).click();
    await a11y(page, 'change details', true);
    await page.getByRole('button', { name: 'Continue' }).click();
    await a11y(page, 'change details (error)', true);
    await page.getByLabel('Someone has joined the carer’s household').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Your full name').fill('Alex Teacher');
    await page.getByLabel('I work with the child (for example, at a school or GP surgery)').check();
    await page.getByLabel('Phone number').fill('01632 960555');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('heading', { name: 'Change sent' }).waitFor();
    const noticeRef = (await page.locator('.govuk-panel strong').textContent())?.trim() ?? '';

    const staff = await newPage(true);
    await signedIn(staff, 'manager@anytown.example');
    for (let i = 0; i < 50; i++) {
      await staff.goto(`${stack.baseUrl}/staff/notices`);
      if ((await staff.getByText(noticeRef).count()) > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await a11y(staff, 'notices to match', true);
    await staff.goto(`${stack.baseUrl}/staff/notices/${noticeRef}`);
    await a11y(staff, 'notice to match', true);

    // A duplicate of a case: its decision page.
    const first = await routedCase();
    const second = aNotification({ child: first.child, receivedAt: new Date().toISOString() });
    await submitNotification(second, {
      notifications: createNotificationStore(stack.db, stack.tableName),
      queue: createNotificationQueue(stack.sqs, stack.notificationQueue.url),
      now: () => new Date(),
    });
    for (let i = 0; i < 50; i++) {
      await staff.goto(`${stack.baseUrl}/staff/cases/${second.reference}/link-duplicate`);
      if ((await staff.getByText(`Is this a duplicate of case ${first.reference}?`).count()) > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await a11y(staff, 'link duplicate', true);
  });
});
