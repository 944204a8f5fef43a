import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import {
  fillInForm,
  httpTransport,
  MINIMAL_ANSWERS,
  REFERENCE_ON_PAGE,
  sendNotification,
  Visitor,
} from '../support/notify-visitor.ts';
import { signInOverHttp } from '../support/staff-client.ts';

/**
 * Issue 15 end to end, in the local runtime wired from the synthesized CDK template: a manager
 * creates a campaign link, a visitor follows it and sends a notification through the real form,
 * the route function opens the case (on the emulators), and the dashboard counts it under the
 * campaign, each number linking to the case. Every step is an HTTP request.
 *
 * The runtime reads the clock through Date, which starts at TODAY and runs on: the received dates
 * (and so the month the dashboard counts them in) do not depend on the day the suite runs.
 */
const TODAY = new Date('2026-11-24T10:00:00.000Z');
const NOVEMBER = 'from-day=1&from-month=11&from-year=2026&to-day=30&to-month=11&to-year=2026';
const SLUG = 'primary-schools-autumn-2026';
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

/** A signed-in member of staff: fetch without following redirects, the cookie jar, forms posted with their token. */
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

/** Follows a short link as a browser without JavaScript would, and sends a notification. */
async function notifyFrom(shortPath: string) {
  const v = new Visitor(httpTransport(stack.baseUrl));
  const link = await v.get(shortPath);
  expect(link.status).toBe(303);
  const start = await v.get(link.location as string);
  expect(start.status).toBe(200);
  const startHref = /href="(\/start[^"]*)"/.exec(start.html)?.[1]?.replace(/&amp;/g, '&') ?? '';
  const begun = await v.get(startHref);
  expect(begun.status).toBe(303);
  await fillInForm(v, MINIMAL_ANSWERS);
  const sent = await sendNotification(v);
  expect(sent.status).toBe(303);
  const confirmation = await v.get(sent.location as string);
  const reference = REFERENCE_ON_PAGE.exec(confirmation.html)?.[1] ?? '';
  expect(reference).toMatch(/^[0-9A-Z]{8}$/);
  return { reference, link, startHref };
}

let manager: Awaited<ReturnType<typeof signIn>>;
let fromCampaign = '';
let withoutCampaign = '';

describe('campaign attribution, end to end (issue 15)', () => {
  it('lets a manager create a campaign link with a QR poster', async () => {
    manager = await signIn('manager@anytown.example');
    const created = await manager.post('/staff/awareness/campaigns', { name: 'Primary schools autumn 2026' });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe(`/staff/awareness/campaigns/${SLUG}`);

    const again = await manager.post('/staff/awareness/campaigns', { name: 'Another', slug: SLUG });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('A campaign already uses that link name');

    const poster = await (await manager.go(`/staff/awareness/campaigns/${SLUG}`)).text();
    expect(poster).toContain(`<svg role="img" aria-label="QR code for ${stack.baseUrl}/c/${SLUG}"`);
    expect(poster).toContain(`${stack.baseUrl}/c/${SLUG}`);
    const qr = await manager.go(`/staff/awareness/campaigns/${SLUG}/qr.svg`);
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toContain('image/svg+xml');
    expect(await qr.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('records the campaign on a notification started from its link, and nothing for an unknown one', async () => {
    const followed = await notifyFrom(`/c/${SLUG}`);
    expect(followed.link.location).toBe(`/?campaign=${SLUG}`);
    expect(followed.startHref).toBe(`/start?campaign=${SLUG}`);
    fromCampaign = followed.reference;
    // No cookie until the visitor chooses to start: the short link and the start page set none.
    expect(followed.link.setCookies).toEqual([]);

    const unknown = await notifyFrom('/c/no-such-campaign');
    withoutCampaign = unknown.reference;

    const notification = await stack.db.send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: `CASE#${fromCampaign}`, sk: 'NOTIFICATION' } }),
    );
    expect(notification.Item?.notification.campaign).toBe(SLUG);
    const attributed = await caseItem(fromCampaign);
    expect(attributed.summary).toMatchObject({
      campaign: SLUG,
      notifierOrganisation: 'Anytown Academy',
      arrangementStartsOn: '2026-09-01',
    });
    const plain = await caseItem(withoutCampaign);
    expect(plain.summary.campaign).toBeUndefined();
    const other = await stack.db.send(
      new GetCommand({
        TableName: stack.tableName,
        Key: { pk: `CASE#${withoutCampaign}`, sk: 'NOTIFICATION' },
      }),
    );
    expect(other.Item?.notification.campaign).toBeUndefined();
  });

  it('counts it on the dashboard under the campaign, with a link to the case, a chart with its text alternative and a CSV', async () => {
    const csv = 'name,type\n"Anytown Academy",School\nHillside Academy,School\n';
    // A file that is not a CSV, and one over the limit: GOV.UK errors on the file input, no list.
    for (const [file, message] of [
      [
        {
          filename: 'list.xlsx',
          type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          content: 'PK\u0003\u0004',
        },
        'The selected file must be a CSV',
      ],
      [
        { filename: 'list.csv', type: 'text/csv', content: `name\n${'x'.repeat(3 * 1024 * 1024)}` },
        'The selected file must be smaller than 2 MB',
      ],
    ] as const) {
      const refused = await manager.upload('/staff/awareness/organisations', file);
      expect(refused.status).toBe(422);
      const body = await refused.text();
      expect(body).toContain('href="#csvFile"');
      expect(body).toContain(message);
    }
    const none = await stack.db.send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: 'ORGANISATIONS', sk: 'LIST' } }),
    );
    expect(none.Item).toBeUndefined();
    // The list as a file upload, through the local HTTP adapter as API Gateway would pass it.
    const imported = await manager.upload('/staff/awareness/organisations', {
      filename: 'schools.csv',
      type: 'text/csv',
      content: csv,
    });
    expect(imported.status).toBe(303);
    expect(imported.headers.get('location')).toBe('/staff/awareness/organisations?imported=2');

    const page = await (await manager.go(`/staff/awareness?${NOVEMBER}`)).text();
    // The chart: an SVG image named by its title and described in words, and the table beside it.
    expect(page).toMatch(/<svg role="img" aria-labelledby="chart-title chart-desc"/);
    expect(page).toContain(
      '<title id="chart-title">Notifications received each month, November 2026 to November 2026</title>',
    );
    expect(page).toMatch(/<desc id="chart-desc">2 in all\. November 2026: 2\. /);
    expect(page).toContain('Notifications by who notified, month by month</caption>');

    const campaignLink = `/staff/awareness/cases?figure=${encodeURIComponent(`campaign:${SLUG}`)}&amp;${NOVEMBER.replace(/&/g, '&amp;')}`;
    expect(page).toContain(
      `<a class="govuk-link" href="${campaignLink}">1<span class="govuk-visually-hidden"> case: Primary schools autumn 2026</span>`,
    );
    // Anytown Academy notified (twice); Hillside, on the list, did not.
    expect(page).toMatch(/Anytown Academy<\/th>\s*<td class="govuk-table__cell">Yes<\/td>/);
    expect(page).toMatch(/<li>Hillside Academy \(School\)<\/li>/);

    const cases = await (await manager.go(campaignLink.replace(/&amp;/g, '&'))).text();
    expect(cases).toContain(`/staff/cases/${fromCampaign}`);
    expect(cases).not.toContain(`/staff/cases/${withoutCampaign}`);

    const download = await manager.go(`/staff/awareness/figures.csv?${NOVEMBER}`);
    expect(download.headers.get('content-type')).toContain('text/csv');
    expect(await download.text()).toContain(
      `"By campaign","Primary schools autumn 2026",1,"2026-11-01","2026-11-30","${fromCampaign}"`,
    );

    // The annual report's section on the compliance page.
    const compliance = await (await manager.go(`/staff/compliance?${NOVEMBER}`)).text();
    expect(compliance).toContain('Promoting awareness');
    expect(compliance).toMatch(
      /Notifications from a campaign link<\/dt>\s*<dd class="govuk-summary-list__value">1<\/dd>/,
    );
  });

  it('is for managers only: a caseworker gets 403 on every awareness page and form', async () => {
    const worker = await signIn('caseworker1@anytown.example');
    for (const path of [
      '/staff/awareness',
      '/staff/awareness/campaigns',
      `/staff/awareness/campaigns/${SLUG}`,
      `/staff/awareness/campaigns/${SLUG}/qr.svg`,
      '/staff/awareness/organisations',
      `/staff/awareness/figures.csv?${NOVEMBER}`,
    ]) {
      expect((await worker.go(path)).status, path).toBe(403);
    }
    const nav = await (await worker.go('/staff/cases')).text();
    expect(nav).not.toContain('href="/staff/awareness"');
    // The create form, with the caseworker's own valid CSRF token: refused, nothing created.
    const cases = await (await worker.go('/staff/cases')).text();
    const csrfToken = /name="csrfToken" value="([^"]+)"/.exec(cases)?.[1] ?? '';
    const refused = await worker.go('/staff/awareness/campaigns', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, name: 'Not allowed' }).toString(),
    });
    expect(refused.status).toBe(403);
    const stored = await stack.db.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'CAMPAIGNS' },
      }),
    );
    expect(stored.Items?.map((i) => i.slug)).toEqual([SLUG]);
  });
});

describe('accessibility of every new page (axe)', () => {
  it('finds no violations on the information pages, the start page from a campaign, and the staff pages', async () => {
    // axe runs as a script in the page, so JavaScript is on here; the pages need none (no script of theirs but govuk-frontend's enhancements).
    // Alone, this test makes its own sign-in and campaign (with the others: already there, 422).
    manager ??= await signIn('manager@anytown.example');
    await manager.post('/staff/awareness/campaigns', { name: 'Primary schools autumn 2026' });
    const context = await browser.newContext();
    const origin = new URL(stack.baseUrl);
    await context.addCookies(
      [...manager.jar].map(([name, value]) => ({ name, value, domain: origin.hostname, path: '/' })),
    );
    const page = await context.newPage();
    const pages = [
      '/information/parents',
      '/information/carers',
      '/information/young-people',
      `/?campaign=${SLUG}`,
      `/staff/awareness?${NOVEMBER}`,
      `/staff/awareness/cases?figure=received&${NOVEMBER}`,
      '/staff/awareness/campaigns',
      `/staff/awareness/campaigns/${SLUG}`,
      '/staff/awareness/organisations',
      `/staff/compliance?${NOVEMBER}`,
    ];
    const found: { page: string; ids: string[] }[] = [];
    for (const path of pages) {
      const res = await page.goto(`${stack.baseUrl}${path}`);
      expect(res?.status(), path).toBe(200);
      // Signed in, not sent to the sign-in page.
      expect(page.url(), path).toBe(`${stack.baseUrl}${path}`);
      found.push({ page: path, ids: (await axeViolations(page)).map((v) => v.id) });
    }
    await context.close();
    expect(found.filter((f) => f.ids.length > 0)).toEqual([]);
  }, 180_000);

  it('sends a malformed short link to the plain start page', async () => {
    for (const path of ['/c/UPPER', '/c/has%20space', `/c/${'x'.repeat(65)}`]) {
      const res = await fetch(`${stack.baseUrl}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toBe('/');
    }
    // A start page given a malformed campaign starts the journey without one.
    const start = await (await fetch(`${stack.baseUrl}/?campaign=%3Cscript%3E`)).text();
    expect(start).toContain('href="/start"');
  });

  it('links the information pages from the start page', async () => {
    const start = await (await fetch(`${stack.baseUrl}/`)).text();
    for (const href of ['/information/parents', '/information/carers', '/information/young-people']) {
      expect(start).toContain(`href="${href}"`);
    }
  });
});
