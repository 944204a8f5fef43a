import type { Server } from 'node:http';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, freePort, startEmulators } from '../../infra/local/emulators.ts';
import { createHttpGateway, lambdaContext } from '../../infra/local/http-adapter.ts';
import type { LocalOidcProvider } from '../../infra/local/oidc-provider.ts';
import { planCaseOpening } from '../../shared/domain/case-opening.ts';
import { defaultReminderPolicy } from '../../shared/domain/statutory-clock.ts';
import { defaultCalendar } from '../../shared/domain/working-days.ts';
import { createCaseStore } from '../../shared/store/case-store.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { toApiGatewayResponse, toWebRequest } from '../../shared/web/api-gateway.ts';
import { serveAsset } from '../../shared/web/assets.ts';
import { aNotification, CHILD_NAME } from '../fixtures/notifications.ts';
import { axeViolations as govukAxeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { waitForEmails } from '../support/mailbox.ts';
import { staffEnvironment, startStaffOidcProvider } from '../support/staff-app.ts';
import { createTemplateTable } from '../support/template-table.ts';

/**
 * The staff journey in a real browser (Debian's Chromium): the manager signs in through the local
 * OIDC provider and allocates a new case; the caseworker signs in, records the initial visit and
 * sees the next regulation 8 visit and its reminders appear. axe (WCAG A/AA and best practice)
 * finds nothing on any staff page, error states included. The staff function is served by the
 * local API Gateway adapter, as in the local runtime.
 *
 * The staff app runs on a fixed clock, TODAY: what is due, which reminders show and the reporting
 * year depend on today's date, and the suite must pass whatever day it runs. (The browser and the
 * sign-in provider keep real time; the app's cookies carry a Max-Age, not a date.)
 */
const TODAY = new Date('2026-11-24T10:00:00.000Z');
const TABLE = 'staff-browser-test';
const MANAGER_MAILBOX = 'front-door-manager@anytown.example';

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

let emulators: Emulators;
let rawDb: DynamoDBClient;
let db: DynamoDBDocumentClient;
let oidc: LocalOidcProvider;
let server: Server;
let baseUrl: string;
let browser: Browser;
const notification = aNotification({ receivedAt: '2026-11-02T10:00:00.000Z' });
const axeViolations: { page: string; ids: string[] }[] = [];

beforeAll(async () => {
  emulators = await startEmulators();
  ({ rawDb, db } = await createTemplateTable(emulators.dynamodbEndpoint, TABLE));

  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  oidc = await startStaffOidcProvider(`${baseUrl}/staff`);
  Object.assign(
    process.env,
    staffEnvironment({
      table: TABLE,
      designatedManager: MANAGER_MAILBOX,
      emulators,
      oidc,
      staffBase: `${baseUrl}/staff`,
    }),
    {
      // As the local runtime does: the provider's users are the staff directory.
      STAFF_DIRECTORY: JSON.stringify(oidc.users.map(({ email, name, role }) => ({ email, name, role }))),
    },
  );
  const { createStaffHandler } = await import('../../functions/staff/handler.ts');
  const staff = createStaffHandler(() => new Date(TODAY)) as unknown as Handler;

  await createNotificationStore(db, TABLE).record(notification);
  await createCaseStore(db, TABLE).open(
    planCaseOpening(notification, {
      routingRules: [],
      designatedManager: MANAGER_MAILBOX,
      calendar: defaultCalendar,
      reminderPolicy: defaultReminderPolicy,
    }),
    new Date(notification.receivedAt),
  );

  server = createHttpGateway(
    [
      { method: 'GET', path: '/staff', routeKey: 'GET /staff', functionId: 'staff' },
      { method: 'ANY', path: '/staff/{proxy+}', routeKey: 'ANY /staff/{proxy+}', functionId: 'staff' },
      // The stylesheet and scripts, served by the notify function in the stack.
      { method: 'GET', path: '/assets/{proxy+}', routeKey: 'GET /assets/{proxy+}', functionId: 'assets' },
    ],
    async (id, event) =>
      id === 'staff'
        ? staff(event, lambdaContext('staff', 10))
        : toApiGatewayResponse(serveAsset(toWebRequest(event))),
  );
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));

  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await oidc?.stop();
  rawDb?.destroy();
  await emulators?.stop();
});

async function signedInPage(
  email: string,
  startAt = '/staff/cases',
  options: { javaScriptEnabled?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(5_000);
  const page = await context.newPage();
  await page.goto(`${baseUrl}${startAt}`);
  await page.getByRole('heading', { name: 'Sign in (local identity provider)' }).waitFor();
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(oidc.users.find((u) => u.email === email)?.password ?? '');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.href.startsWith(`${baseUrl}${startAt}`));
  return page;
}

async function a11y(page: Page, name: string) {
  // Every rule, less govuk-frontend's documented aria-expanded on a conditional-reveal radio
  // (test/support/axe.ts): the front door's and the written decisions' forms reveal questions.
  const violations = await govukAxeViolations(page);
  const ids = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  axeViolations.push({ page: name, ids });
  expect(ids, `axe violations on ${name}`).toEqual([]);
}

const ref = notification.reference;

describe('the staff journey in a browser', () => {
  it('lets the manager sign in and allocate a new case', async () => {
    const page = await signedInPage('manager@anytown.example');
    await page.getByRole('heading', { name: 'Cases', exact: true }).waitFor();
    await a11y(page, 'cases');
    await page.getByRole('link', { name: 'Unallocated (1)' }).click();
    await a11y(page, 'cases-unallocated');
    await page.getByRole('link', { name: ref }).click();
    await page.getByRole('heading', { name: 'The notification as received' }).waitFor();
    // Behind a summary until asked for.
    expect(await page.getByText(CHILD_NAME).first().isVisible()).toBe(false);
    await page.getByText('Show the notification').click();
    expect(await page.getByText(CHILD_NAME).first().isVisible()).toBe(true);
    await a11y(page, 'case');

    await page.getByRole('button', { name: 'Allocate' }).click();
    await page.getByRole('button', { name: 'Allocate' }).click();
    await page.getByRole('link', { name: 'Select the caseworker to allocate the case to' }).waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    await a11y(page, 'allocate-errors');
    // caseworker1 has never signed in: offered from the identity provider's staff all the same.
    await page.getByLabel('Casey Worker (caseworker1@anytown.example)').check();
    await page.getByRole('button', { name: 'Allocate' }).click();
    await page.getByText('Case allocated').waitFor();
    expect(await page.getByText('caseworker1@anytown.example').count()).toBeGreaterThan(0);
    // And is told by email: the reference and the link, nothing about the child.
    const emails = await waitForEmails(emulators.sesEndpoint, (all) =>
      all.some((e) => e.destination.to.includes('caseworker1@anytown.example')),
    );
    const told = emails.filter((e) => e.destination.to.includes('caseworker1@anytown.example'));
    expect(told.map((e) => e.subject)).toEqual([`Private fostering case ${ref} allocated to you`]);
    expect(told[0]?.body.text).toContain(`${baseUrl}/staff/cases/${ref}`);
    expect(told[0]?.body.text).not.toContain(CHILD_NAME);

    await page.getByRole('link', { name: 'Compliance' }).click();
    await page.getByRole('heading', { name: 'Compliance' }).waitFor();
    await a11y(page, 'compliance');
    await page.getByRole('link', { name: /^1 case: All notifications/ }).click();
    await page.getByRole('link', { name: ref }).waitFor();
    await a11y(page, 'compliance-cases');

    await page.goto(`${baseUrl}/staff/cases/${ref}/record-decision`);
    await a11y(page, 'record-decision');
    await page.goto(`${baseUrl}/staff/cases/${ref}/correct-arrangement`);
    await a11y(page, 'correct-arrangement');
    await page.goto(`${baseUrl}/staff/cases/${ref}/correct-child-details`);
    await page.getByLabel('Year').fill('20x');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'Year must include 4 numbers' }).waitFor();
    await a11y(page, 'correct-child-details-errors');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'You have signed out' }).waitFor();
    await a11y(page, 'signed-out');
    await page.getByRole('link', { name: "sign out of the council's sign-in service too" }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByRole('heading', { name: 'You have signed out' }).waitFor();
    expect(page.url()).toBe(`${baseUrl}/staff/signed-out`);
    await page.context().close();
  }, 90_000);

  it('lets the caseworker record the initial visit, and shows the next visit and reminders', async () => {
    const page = await signedInPage('caseworker1@anytown.example');
    await page.getByRole('link', { name: ref }).click();
    await page.getByRole('heading', { name: 'Due first' }).waitFor();
    const reminders = page.locator('table', {
      has: page.getByRole('columnheader', { name: 'Next reminder' }),
    });
    expect(await reminders.textContent()).not.toContain('Next regulation 8 visit');

    await page.getByRole('button', { name: 'Record a visit' }).click();
    await a11y(page, 'record-visit');
    await page.getByRole('button', { name: 'Record the visit' }).click();
    await page.getByRole('link', { name: 'Enter the date of the visit' }).waitFor();
    await a11y(page, 'record-visit-errors');
    await page.getByLabel('Day').fill('5');
    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Year').fill('2026');
    await page.getByLabel('Initial visit (regulations 4 and 7)').check();
    await page.getByRole('group', { name: 'Was the child seen alone?' }).getByLabel('Yes').check();
    await page.getByLabel("The child's wishes and feelings").check();
    await page.getByLabel("The child's health, including registration with a GP").check();
    await page.getByRole('button', { name: 'Record the visit' }).click();
    await page.getByText('Visit recorded').waitFor();
    await a11y(page, 'case-after-visit');

    await page.getByText('Show every due date').click();
    const due = page.getByRole('row', { name: /Next regulation 8 visit/ }).first();
    expect(await due.textContent()).toContain('17 December 2026');
    expect(await reminders.textContent()).toContain('Next regulation 8 visit');
    expect(await page.getByRole('row', { name: /^Initial visit 11 November 2026/ }).textContent()).toContain(
      'Done',
    );

    const items = (
      await db.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
          ExpressionAttributeValues: { ':pk': `CASE#${ref}`, ':r': 'REMINDER#regulation-8-visit#' },
        }),
      )
    ).Items;
    expect(items?.map((i) => i.recipient)).toContain('caseworker1@anytown.example');

    await page.getByRole('button', { name: 'Record a check' }).click();
    await a11y(page, 'record-check');
    // A delayed DBS check: the reason is revealed by the checkbox, and the safety plan form opens.
    await page.getByLabel('Enhanced DBS check of the carer').check();
    const requested = page.getByRole('group', { name: 'Date requested' });
    await requested.getByLabel('Day').fill('6');
    await requested.getByLabel('Month').fill('11');
    await requested.getByLabel('Year').fill('2026');
    await page.getByLabel('The DBS check is delayed').check();
    await page.getByLabel('Why is it delayed?').fill('The DBS Update Service is behind');
    await page.getByRole('button', { name: 'Record the check' }).click();
    await page.getByText('Check recorded', { exact: true }).waitFor();
    await a11y(page, 'case-with-delayed-check');
    await page.getByRole('button', { name: 'Record the interim safety plan' }).click();
    await page.getByRole('heading', { name: 'Record the interim safety plan' }).waitFor();
    await a11y(page, 'record-safety-plan');
    await page.getByRole('button', { name: 'Record the plan' }).click();
    await page.getByRole('link', { name: 'Enter the date the plan was agreed' }).waitFor();
    await a11y(page, 'record-safety-plan-errors');
    await page.goto(`${baseUrl}/staff/cases/${ref}/record-visit-request`);
    await a11y(page, 'record-visit-request');
    await page.goto(`${baseUrl}/staff/cases/${ref}/record-end`);
    await a11y(page, 'record-end');
    await page.goto(`${baseUrl}/staff/compliance`);
    await page.getByRole('heading', { name: 'You do not have access to this page' }).waitFor();
    await a11y(page, 'forbidden');
    await page.context().close();
  }, 90_000);

  it('fits the case list, the case page and compliance into 320 CSS px: only a wide table scrolls', async () => {
    // WCAG 2.2 reflow (1.4.10): at 320 CSS px the page must not scroll sideways. A table that
    // cannot fit scrolls inside its own labelled, focusable region instead.
    const page = await signedInPage('manager@anytown.example');
    await page.setViewportSize({ width: 320, height: 640 });
    for (const [name, path] of [
      ['cases-320', '/staff/cases'],
      ['case-320', `/staff/cases/${ref}`],
      ['compliance-320', '/staff/compliance'],
    ] as const) {
      await page.goto(`${baseUrl}${path}`);
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width, `page width of ${name}`).toBeLessThanOrEqual(320);
      await a11y(page, name);
    }
    // The case page's tables are there, each inside a scroll region a keyboard user can reach.
    await page.goto(`${baseUrl}/staff/cases/${ref}`);
    const regions = page.locator('.app-table-wrapper[role="region"][tabindex="0"]');
    expect(await regions.count()).toBeGreaterThanOrEqual(3);
    expect(await regions.first().getAttribute('aria-label')).toBeTruthy();
    expect(
      await regions.first().evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).overflowX),
    ).toBe('auto');
    await page.context().close();
  }, 60_000);

  it("takes the compliance page's error link to its field, in a section opened for it", async () => {
    const page = await signedInPage('manager@anytown.example', '/staff/compliance');
    await page.getByText('Choose another period').click();
    const from = page.getByRole('group', { name: 'Start date' });
    await from.getByLabel('Day').fill('31');
    await from.getByLabel('Month').fill('2');
    await from.getByLabel('Year').fill('2026');
    await page.getByRole('button', { name: 'Show figures' }).click();
    const link = page.getByRole('link', { name: /real date/ });
    await link.waitFor();
    await a11y(page, 'compliance-errors');
    expect(await page.getByRole('table').count()).toBe(0);
    await link.click();
    const day = page.locator('#from-day');
    expect(await day.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await day.isVisible()).toBe(true);
    await page.context().close();
  }, 60_000);

  it('passes axe on the hand-off pages: printable record, case system details, exports, import, dry run, inspection pack', async () => {
    const page = await signedInPage('manager@anytown.example', `/staff/cases/${ref}`);
    await page.getByRole('link', { name: /^Print/ }).click();
    await page.getByRole('heading', { name: `Case ${ref}` }).waitFor();
    // The print button appears only with JavaScript, which this browser runs.
    await page.getByRole('button', { name: 'Print' }).waitFor();
    await a11y(page, 'case-record');
    await page.goto(`${baseUrl}/staff/cases/${ref}/case-system`);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'Enter the person ID from the case system' }).waitFor();
    await a11y(page, 'case-system-errors');
    await page.goto(`${baseUrl}/staff/exports`);
    await a11y(page, 'exports');
    await page.getByRole('link', { name: 'Import visits and checks from the case system' }).click();
    await a11y(page, 'import');
    // A file chosen in the browser, sent as multipart (busboy on the server).
    const csvFile = (text: string) => ({
      name: 'visits.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(text),
    });
    await page.getByLabel('Upload a file').setInputFiles(csvFile('date,child\n1,2'));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('link', { name: /is not one of them/ }).waitFor();
    await a11y(page, 'import-errors');
    await page
      .getByLabel('Upload a file')
      .setInputFiles(
        csvFile(
          `record_type,reference,person_id,visit_date,visit_type,child_seen,seen_alone,bedroom_seen,check_type,requested_on,completed_on,outcome\nvisit,${ref},,2026-11-05,initial,yes,yes,no,,,,\ncheck,,NOBODY,,,,,,police,2026-11-06,,`,
        ),
      );
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'Check the import before confirming' }).waitFor();
    await a11y(page, 'import-dry-run');
    await page.goto(`${baseUrl}/staff/inspection`);
    await page.getByRole('heading', { name: 'Inspection pack' }).waitFor();
    await a11y(page, 'inspection-pack');
    await page.context().close();
  }, 90_000);

  it("records the front door's decision and a written decision, with JavaScript and without", async () => {
    const page = await signedInPage('manager@anytown.example', `/staff/cases/${ref}`);
    await page.getByRole('button', { name: 'Record the front door decision' }).click();
    await page.getByRole('heading', { name: 'Record the front door decision' }).waitFor();
    await a11y(page, 'record-front-door-decision');
    // The reason is revealed under "Not private fostering" (JavaScript on) and required with it.
    await page.getByRole('radio', { name: 'Not private fostering' }).check();
    await a11y(page, 'record-front-door-decision-revealed');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByRole('link', { name: 'Enter why it is not private fostering' }).waitFor();
    await a11y(page, 'record-front-door-decision-errors');
    await page.getByRole('radio', { name: 'More information needed' }).check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByText('Front door decision recorded', { exact: false }).waitFor();
    await a11y(page, 'case-with-front-door-decision');

    await page
      .getByRole('button', { name: 'Record a consent decision, prohibition or requirements' })
      .click();
    await page
      .getByRole('heading', { name: 'Record a consent decision, prohibition or requirements' })
      .waitFor();
    await a11y(page, 'record-restriction');
    await page.getByRole('radio', { name: 'Disqualified person: consent decision (section 68)' }).check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByRole('link', { name: 'Select who is disqualified' }).waitFor();
    await a11y(page, 'record-restriction-errors');
    await page.context().close();

    // Without JavaScript: the revealed questions show under their answers and the forms still work.
    const plain = await signedInPage('manager@anytown.example', `/staff/cases/${ref}`, {
      javaScriptEnabled: false,
    });
    await plain.goto(`${baseUrl}/staff/cases/${ref}/record-front-door-decision`);
    await plain.getByLabel('Why it is not private fostering').fill('The carer is a relative (s.105)');
    await plain.getByRole('radio', { name: 'Not private fostering' }).check();
    await plain.getByRole('button', { name: 'Record the decision' }).click();
    await plain.getByText('Front door decision recorded', { exact: false }).waitFor();
    await plain.goto(`${baseUrl}/staff/cases/${ref}/record-restriction`);
    await plain.getByRole('radio', { name: 'Requirements (Schedule 8, paragraph 6)' }).check();
    const notice = plain.getByRole('group', { name: 'Date of the written notice' });
    await notice.getByLabel('Day').fill('20');
    await notice.getByLabel('Month').fill('11');
    await notice.getByLabel('Year').fill('2026');
    await plain.getByLabel('Reasons', { exact: true }).fill('A smoke alarm on each floor');
    await plain.getByRole('button', { name: 'Record the decision' }).click();
    await plain.getByText('Written decision recorded', { exact: true }).waitFor();
    expect(await plain.getByText('Requirements (Schedule 8, paragraph 6)').count()).toBeGreaterThan(0);
    await plain.context().close();
  }, 90_000);

  it('found no accessibility problems on any page', () => {
    expect(axeViolations.length).toBeGreaterThanOrEqual(23);
    expect(axeViolations.filter((v) => v.ids.length > 0)).toEqual([]);
  });
});
