import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sweep } from '../../functions/remind/sweep.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { createMailer, createSesClient } from '../../shared/mail/mailer.ts';
import { createDigestLedger } from '../../shared/store/digest-ledger.ts';
import { createDueIndex } from '../../shared/store/due-index.ts';
import { createReminderStore } from '../../shared/store/reminder-store.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { clearMailbox, readMailbox, type SentEmail, waitForEmails } from '../support/mailbox.ts';
import { httpTransport, MINIMAL_ANSWERS, notifyThroughForm, Visitor } from '../support/notify-visitor.ts';
import { csrfOf, httpSession, signInOverHttp } from '../support/staff-client.ts';

/**
 * Issue 12, asking the notifier for what is missing, end to end in the local runtime wired from
 * the synthesized CDK template: a notification without the arrangement's start date or parents
 * arrives through the real form; a manager sends the notifier a link from the case page; the email
 * (SES emulator) carries the council, the reference and the link only; the public page asks only
 * those two items, works once, and the answers join the case as an addition (its gaps recompute);
 * a link left past its 14 days says it has expired. Every step is an HTTP request.
 *
 * The runtime reads the clock through Date, which starts at TODAY and runs on; the expiry moves it.
 */
const TODAY = new Date('2026-11-24T10:00:00.000Z');
const NOTIFIER = 'priya.teacher@school.example';
// The form's minimal answers without a start date ("not known") and, as there, without parents.
const GAPPY = {
  ...MINIMAL_ANSWERS,
  arrangement: { childLivesThereNow: 'yes', startDateUnknown: 'yes', immediateSafetyConcern: 'no' },
};
let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: TODAY, shouldAdvanceTime: true });
  stack = await startLocalStack({ schedules: false });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  vi.useRealTimers();
});

const signIn = (email: string) => signInOverHttp(stack, email);

async function caseItem(reference: string) {
  for (let i = 0; i < 150; i++) {
    const out = await stack.db.send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: `CASE#${reference}`, sk: 'CASE' } }),
    );
    if (out.Item) return out.Item;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No case ${reference}`);
}

async function notifyWithGaps(): Promise<string> {
  const { reference } = await notifyThroughForm(new Visitor(httpTransport(stack.baseUrl)), GAPPY);
  await caseItem(reference);
  return reference;
}

/** Sends the link from the case page as staff do; returns the email that reached the notifier. */
async function askNotifier(
  manager: Awaited<ReturnType<typeof signIn>>,
  reference: string,
): Promise<SentEmail> {
  const casePage = await (await manager.go(`/staff/cases/${reference}`)).text();
  expect(casePage).toContain(`href="/staff/cases/${reference}/request-missing-information"`);
  const form = await (await manager.go(`/staff/cases/${reference}/request-missing-information`)).text();
  expect(form).toContain('Start date of the arrangement');
  expect(form).toContain('Parents&#39; details');
  const sent = await manager.postForm(`/staff/cases/${reference}/request-missing-information`, {
    csrfToken: csrfOf(form),
    // A crafted address field is ignored: the link goes to the notification's address only.
    email: 'attacker@evil.example',
  });
  expect(sent.status).toBe(303);
  const emails = await waitForEmails(stack.mailboxUrl, (all) =>
    all.some((e) => e.subject.includes(reference) && e.subject.includes('tell us a little more')),
  );
  const email = emails.find(
    (e) => e.subject.includes(reference) && e.subject.includes('tell us a little more'),
  );
  if (!email) throw new Error('no email');
  return email;
}

const linkIn = (email: SentEmail) => {
  const url = /https?:\/\/\S+\/missing-information\/[A-Za-z0-9_-]{43}/.exec(email.body.text ?? '')?.[0];
  if (!url) throw new Error('no link in the email');
  return new URL(url).pathname;
};

describe('asking the notifier for what is missing', () => {
  let manager: Awaited<ReturnType<typeof signIn>>;
  let reference: string;
  let link: string;

  it('sends the notifier, and only them, an email with the council, the reference and a link', async () => {
    await clearMailbox(stack.mailboxUrl);
    manager = await signIn('manager@anytown.example');
    reference = await notifyWithGaps();
    expect((await caseItem(reference)).gaps).toEqual(['Start date of the arrangement', "Parents' details"]);
    const email = await askNotifier(manager, reference);
    expect(email.destination.to).toEqual([NOTIFIER]);
    const text = email.body.text ?? '';
    expect(text).toContain('Anytown');
    expect(text).toContain(reference);
    // Nothing about the child, the carer or what is missing.
    for (const personal of [
      'Zainab',
      'Testchild',
      'Carer Person',
      'High Street',
      'AN1 2BC',
      'Parent',
      'start date',
    ]) {
      expect(text).not.toContain(personal);
    }
    link = linkIn(email);
    // The token is stored only as its hash.
    const stored = await stack.db.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CASE#${reference}` },
      }),
    );
    expect(JSON.stringify(stored.Items)).not.toContain(link.split('/').pop());
    const page = await (await manager.go(`/staff/cases/${reference}`)).text();
    expect(page).toContain('Asked of the notifier');
    expect(page).toContain('Sent, waiting for an answer');
  });

  it('asks only what is missing, pre-filled with nothing, and refuses a post without its page’s token', async () => {
    const visitor = httpSession(stack.baseUrl);
    const res = await visitor.go(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBeTruthy();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('name="startDate-day"');
    expect(html).toContain('name="parent-name"');
    for (const notAsked of ['childDateOfBirth', 'carerName', 'carerPostcode'])
      expect(html).not.toContain(notAsked);
    for (const personal of ['Zainab', 'Carer Person', 'AN1 2BC', 'Priya'])
      expect(html).not.toContain(personal);
    // No CSRF pair (another browser, or a forged post): refused, the link still works.
    const forged = await httpSession(stack.baseUrl).postForm(link, {
      csrfToken: csrfOf(html),
      'parent-name': 'X',
    });
    expect(forged.status).toBe(403);
    // Nothing answered: a GOV.UK error, nothing stored.
    const empty = await visitor.postForm(link, { csrfToken: csrfOf(html) });
    expect(empty.status).toBe(400);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('There is a problem');
    expect(emptyHtml).toContain('href="#startDate-day"');
    const bad = await visitor.postForm(link, {
      csrfToken: csrfOf(html),
      'startDate-day': '31',
      'startDate-month': '2',
      'startDate-year': '2026',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('value="31"');
  });

  it('joins the answers to the case as an addition, once; the notification stays as received', async () => {
    const visitor = httpSession(stack.baseUrl);
    const html = await (await visitor.go(link)).text();
    const answered = await visitor.postForm(link, {
      csrfToken: csrfOf(html),
      'startDate-day': '1',
      'startDate-month': '9',
      'startDate-year': '2026',
      'parent-name': 'Amina Parent',
      'parent-relationship': 'Mother',
      'parent-address-country': 'Nigeria',
    });
    expect(answered.status).toBe(303);
    expect(answered.headers.get('location')).toBe('/missing-information-sent');
    expect((await visitor.go('/missing-information-sent')).status).toBe(200);

    // Single use: the link, opened or posted again, says it has been used.
    const again = await visitor.go(link);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('This link has already been used');
    expect((await visitor.postForm(link, { csrfToken: csrfOf(html), 'parent-name': 'Other' })).status).toBe(
      410,
    );

    expect((await caseItem(reference)).gaps).toEqual([]);
    const notification = await stack.db.send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: `CASE#${reference}`, sk: 'NOTIFICATION' } }),
    );
    expect(notification.Item?.notification.parents ?? []).toEqual([]);
    expect(notification.Item?.notification.arrangement.startDate).toBeUndefined();

    const page = await (await manager.go(`/staff/cases/${reference}`)).text();
    expect(page).toContain('Show what the notifier added after the notification');
    expect(page).toContain('Amina Parent');
    expect(page).toContain('1 September 2026');
    expect(page).toContain('>Answered<');
    expect(page).not.toContain('Not given in the notification');
    // Nothing left to ask: the action is gone.
    expect(page).not.toContain('request-missing-information"');
  });

  it('says a link has expired after 14 days, and the case shows it expired', async () => {
    const other = await notifyWithGaps();
    const otherLink = linkIn(await askNotifier(manager, other));
    vi.setSystemTime(new Date(Date.now() + 15 * 24 * 60 * 60 * 1000));
    try {
      const res = await httpSession(stack.baseUrl).go(otherLink);
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('This link has expired');
      // A staff session does not last a fortnight: sign in again.
      const later = await signIn('manager@anytown.example');
      const page = await (await later.go(`/staff/cases/${other}`)).text();
      expect(page).toContain('Expired without an answer');
      // Another link can be sent.
      expect(page).toContain(`href="/staff/cases/${other}/request-missing-information"`);
    } finally {
      vi.setSystemTime(TODAY);
    }
    const unknown = await httpSession(stack.baseUrl).go(`/missing-information/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('This link does not work');
  });

  it('reminds an unanswered notifier once after 5 working days, then flags the case to its caseworker', async () => {
    const quiet = await notifyWithGaps();
    await askNotifier(manager, quiet);
    await clearMailbox(stack.mailboxUrl);
    const deps = {
      dueIndex: createDueIndex(stack.db, stack.tableName),
      reminders: createReminderStore(stack.db, stack.tableName),
      digests: createDigestLedger(stack.db, stack.tableName),
      mailer: createMailer(createSesClient(stack.mailboxUrl), 'private-fostering@anytown.example'),
      queue: { send: () => Promise.resolve() },
      councilName: 'Anytown Council',
      staffBaseUrl: `${stack.baseUrl}/staff`,
      designatedManager: 'manager@anytown.example',
    };
    const reminders = async () =>
      (await readMailbox(stack.mailboxUrl)).filter((e) => e.subject.includes(`${quiet}: a reminder`));
    // Sent Tuesday 24 November: 5 working days on is Tuesday 1 December. Not before.
    await sweep(new Date('2026-12-01T07:00:00.000Z'), deps);
    expect(await reminders()).toEqual([]);
    await sweep(new Date('2026-12-01T09:00:00.000Z'), deps);
    await sweep(new Date('2026-12-02T09:00:00.000Z'), deps);
    const sent = await reminders();
    expect(sent.length).toBe(1);
    expect(sent[0]?.destination.to).toEqual([NOTIFIER]);
    const text = sent[0]?.body.text ?? '';
    expect(text).toContain(quiet);
    expect(text).toContain('24 November 2026');
    expect(text).toContain('8 December 2026');
    for (const personal of ['Zainab', 'Carer Person', 'AN1 2BC', 'Parent'])
      expect(text).not.toContain(personal);

    // The link expires on 8 December unanswered: the case's caseworker (here the team mailbox) is told.
    await sweep(new Date('2026-12-08T12:00:00.000Z'), deps);
    await sweep(new Date('2026-12-08T12:01:00.000Z'), deps);
    const flagged = (await readMailbox(stack.mailboxUrl)).filter(
      (e) =>
        e.body.text?.includes(quiet) && e.body.text.includes('Information asked of the notifier, not given'),
    );
    expect(flagged.length).toBe(1);
    expect(flagged[0]?.destination.to).not.toContain(NOTIFIER);
    expect((await reminders()).length).toBe(1);
    const later = await signIn('manager@anytown.example');
    const page = await (await later.go(`/staff/cases/${quiet}`)).text();
    expect(page).toContain('Notifier reminded');
    expect(page).toContain('Flagged to the case');
  });

  it('passes axe on the question page and the used-link page, with JavaScript on', async () => {
    const fresh = await notifyWithGaps();
    const freshLink = linkIn(await askNotifier(manager, fresh));
    const context = await browser.newContext();
    const page = await context.newPage();
    const found: { page: string; ids: string[] }[] = [];
    for (const path of [freshLink, link, '/missing-information-sent']) {
      await page.goto(`${stack.baseUrl}${path}`);
      found.push({ page: path, ids: (await axeViolations(page)).map((v) => v.id) });
    }
    // The error summary too: submit nothing.
    await page.goto(`${stack.baseUrl}${freshLink}`);
    await page.getByRole('button', { name: 'Send your answers' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.govuk-error-summary').count()).toBe(1);
    found.push({ page: 'errors', ids: (await axeViolations(page)).map((v) => v.id) });
    await context.close();
    expect(found.filter((f) => f.ids.length > 0)).toEqual([]);
  }, 120_000);
});
