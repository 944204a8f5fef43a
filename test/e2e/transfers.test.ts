import { describe, expect, it } from 'vitest';
import { parseRemindConfig } from '../../functions/remind/config.ts';
import { sweep } from '../../functions/remind/sweep.ts';
import { createMailer, createSesClient } from '../../shared/mail/mailer.ts';
import { createNotificationQueue } from '../../shared/queue/notification-queue.ts';
import { createDigestLedger } from '../../shared/store/digest-ledger.ts';
import { createDueIndex } from '../../shared/store/due-index.ts';
import { createReminderStore } from '../../shared/store/reminder-store.ts';
import { aNotification } from '../fixtures/notifications.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { localRuntime, localStackFrom, noPersonalData, until } from '../support/local-runtime.ts';
import { type SentEmail, waitForEmails } from '../support/mailbox.ts';
import { csrfOf, formPost, httpSession, signInOverHttp } from '../support/staff-client.ts';

/**
 * Moves between councils (issue 12) through the real pages and the local runtime (DynamoDB Local,
 * fauxqs, the SES emulator): an ending told online with a new address in another council's area,
 * the receiving council named on the case, the transfer notice (no personal data), its single-use
 * acknowledgement link, and the escalation after 5 working days without one. The clock starts on
 * Monday 8 March 2027 and runs on.
 */
const TODAY = new Date('2027-03-08T10:00:00.000Z');
const MANAGER = 'front-door-manager@anytown.example';
const stack = localStackFrom(TODAY);

const signIn = async (email: string) => (await signInOverHttp(stack(), email)).go;
const { items, routed, tellNotice } = localRuntime(stack);

const OTHERTOWN = 'front-door@othertown.example';
const DEPUTY = 'deputy-manager@anytown.example';

/**
 * A case whose ending was told online with a new address in Othertown (cdk.json's neighbour), or
 * at `postcode` elsewhere.
 */
async function caseMovingToOthertown(receivedAt: string, child: string, carer: string, postcode = 'OT1 4LR') {
  const notification = aNotification({ receivedAt });
  await routed(notification);
  const ref = notification.reference;
  await tellNotice(
    '/tell-us-an-arrangement-has-ended',
    { caseReference: ref, childName: child },
    {
      reason: 'moved-to-another-carer',
      'endedOn-day': '5',
      'endedOn-month': '3',
      'endedOn-year': '2027',
      whereGone: 'To a family friend in Othertown',
      newCarerName: carer,
      'newAddress-line1': '4 Larch Row',
      'newAddress-postcode': postcode,
    },
  );
  await until(async () => {
    const c = (await items(`CASE#${ref}`)).find((i) => i.sk === 'CASE');
    return c?.movingOutOfArea ? c : undefined;
  });
  return ref;
}

/** Signs in as the manager and sends the transfer notice from the case page's action. */
async function sendTransfer(ref: string) {
  const manager = await signIn('manager@anytown.example');
  const page = await (await manager(`${stack().baseUrl}/staff/cases/${ref}`)).text();
  expect(page).toContain('Move to another council');
  expect(page).toContain('Othertown Council (E06000098), from postcode district OT1');
  expect(page).toContain('Tell the receiving council');
  const form = await (await manager(`${stack().baseUrl}/staff/cases/${ref}/tell-receiving-council`)).text();
  expect(form).toContain(OTHERTOWN);
  const sent = await manager(
    `${stack().baseUrl}/staff/cases/${ref}/tell-receiving-council`,
    formPost({ csrfToken: csrfOf(form), confirm: 'yes' }),
  );
  expect(sent.status).toBe(303);
  const subject = `Private fostering: a child is moving to your area (our reference ${ref})`;
  const [notice] = (
    await waitForEmails(stack().mailboxUrl, (all) => all.some((e) => e.subject === subject))
  ).filter((e) => e.subject === subject);
  return { manager, notice: notice as SentEmail };
}

describe('a move between councils (issue 12)', () => {
  it('names the receiving council, sends it the minimum, and takes its acknowledgement once', async () => {
    const ref = await caseMovingToOthertown(
      '2027-03-08T09:00:00.000Z',
      'Wilhelmina Transferchild',
      'Bartholomew Newhome',
    );
    const { manager, notice } = await sendTransfer(ref);
    expect(notice.destination.to).toEqual([OTHERTOWN]);
    expect(notice.body.text).toContain(ref);
    expect(notice.body.text).toContain('within 5 working days');
    // No child or carer name, date of birth or address: only by the secure route.
    const n = aNotification({ receivedAt: '2027-03-08T09:00:00.000Z' });
    noPersonalData(
      [notice],
      'Wilhelmina',
      'Transferchild',
      'Bartholomew',
      'Larch',
      'OT1 4LR',
      n.child.name ?? 'no child name',
      n.child.dateOfBirth ?? 'no date of birth',
      n.carer.name ?? 'no carer name',
      n.carer.address?.line1 ?? 'no address',
    );

    const link = /(http\S+\/transfer-acknowledgement\/\S+)/.exec(notice.body.text ?? '')?.[1] ?? '';
    expect(link).toMatch(/\/transfer-acknowledgement\/[A-Za-z0-9_-]{43}$/);
    const path = new URL(link).pathname;
    const go = httpSession(stack().baseUrl).go;
    const page = await go(`${stack().baseUrl}${path}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Acknowledge the notice');
    expect(html).not.toContain(ref);
    // Without the page's token (another site's form), nothing is recorded.
    const anotherSite = httpSession(stack().baseUrl);
    expect((await anotherSite.postForm(`${stack().baseUrl}${path}`, { csrfToken: 'forged' })).status).toBe(
      403,
    );
    const thanks = await go(`${stack().baseUrl}${path}`, formPost({ csrfToken: csrfOf(html) }));
    expect(thanks.status).toBe(200);
    const thanksHtml = await thanks.text();
    expect(thanksHtml).toContain('Thank you');
    expect(thanksHtml).not.toContain(ref);
    expect(thanksHtml).not.toContain('Wilhelmina');

    // Single use: the link now says so, and records nothing more.
    const again = await httpSession(stack().baseUrl).go(`${stack().baseUrl}${path}`);
    expect(await again.text()).toContain('This link has already been used');

    const all = await items(`CASE#${ref}`);
    expect(all.find((i) => i.sk === 'TRANSFER')?.acknowledgedAt).toBeDefined();
    expect(all.filter((i) => i.event === 'transfer-acknowledged')).toHaveLength(1);
    expect(all.find((i) => i.sk === 'OBLIGATION#transfer-acknowledgement')?.status).toBe('met');
    for (const r of all.filter((i) => String(i.sk).startsWith('REMINDER#transfer-acknowledgement#'))) {
      expect(r.gsi1sk).toBeUndefined();
    }
    const casePage = await (await manager(`${stack().baseUrl}/staff/cases/${ref}`)).text();
    expect(casePage).toContain('Sent and acknowledged');
    expect(casePage).toContain('Othertown Council acknowledged the transfer notice');
  });

  it('names the county council for a move into a two-tier area, and staff cannot name a district council instead', async () => {
    // CT1 is Canterbury district, Kent: Kent County Council has the children's services (Children
    // Act 1989 s.105(1)). The shipped lookup (OS Code-Point Open) is loaded on first use.
    const ref = await caseMovingToOthertown(
      '2027-03-08T09:15:00.000Z',
      'Augustina Kentmover',
      'Leopold Cathedralcity',
      'CT1 2EH',
    );
    const manager = await signIn('manager@anytown.example');
    const page = await (await manager(`${stack().baseUrl}/staff/cases/${ref}`)).text();
    expect(page).toContain('Kent (E10000016), from postcode district CT1');
    expect(page).not.toContain('Canterbury');
    const form = await (await manager(`${stack().baseUrl}/staff/cases/${ref}/name-receiving-council`)).text();
    const refused = await manager(
      `${stack().baseUrl}/staff/cases/${ref}/name-receiving-council`,
      formPost({ csrfToken: csrfOf(form), gss: 'E07000106', name: 'Canterbury' }),
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('a district council does not run children’s services');
    const named = await manager(
      `${stack().baseUrl}/staff/cases/${ref}/name-receiving-council`,
      formPost({ csrfToken: csrfOf(form), gss: 'E10000016', name: 'Kent County Council' }),
    );
    expect(named.status).toBe(303);
    const after = await (await manager(`${stack().baseUrl}/staff/cases/${ref}`)).text();
    expect(after).toContain('Kent County Council (E10000016), named by staff');
  });

  it('offers the councils of a split postcode district, most likely first, and records the one chosen', {
    timeout: 120_000,
  }, async () => {
    // ME1 (Rochester) lies mostly in Medway, partly in Kent (the shipped lookup, OS Code-Point Open):
    // neither has a configured front door here.
    const ref = await caseMovingToOthertown(
      '2027-03-08T09:20:00.000Z',
      'Octavia Splitdistrict',
      'Percival Rochesterhome',
      'ME1 1AA',
    );
    const manager = await signInOverHttp(stack(), 'manager@anytown.example');
    const page = await (await manager.go(`/staff/cases/${ref}`)).text();
    expect(page).toContain('Postcode district ME1 spans more than one council. Most likely first:');
    expect(page).toContain('Medway (E06000035): no front-door address configured');
    expect(page).toContain('Kent (E10000016): no front-door address configured');
    expect(page.indexOf('Medway (E06000035)')).toBeLessThan(page.indexOf('Kent (E10000016)'));
    const tell = await (await manager.go(`/staff/cases/${ref}/tell-receiving-council`)).text();
    expect(tell).toContain('Medway (E06000035)');
    expect(tell).toContain('Kent (E10000016)');

    const path = `/staff/cases/${ref}/name-receiving-council`;
    const form = await (await manager.go(path)).text();
    expect(form).toContain('Which council has the child moved to?');
    expect(form).toMatch(/<input[^>]+name="council"[^>]+value="E06000035"/);
    expect(form).toMatch(/<input[^>]+name="council"[^>]+value="E10000016"/);
    expect(form).toContain('Another council');
    // Nothing chosen, or "Another council" without its code and name: the GOV.UK error summary.
    const none = await manager.post(path, {});
    expect(none.status).toBe(400);
    const noneHtml = await none.text();
    expect(noneHtml).toContain('govuk-error-summary');
    expect(noneHtml).toContain('<a href="#council">Select the council the child has moved to</a>');
    const another = await manager.post(path, { council: 'another', gss: '', name: '' });
    expect(another.status).toBe(400);
    const anotherHtml = await another.text();
    expect(anotherHtml).toContain('Enter the council’s ONS GSS code, like E08000025');
    expect(anotherHtml).toMatch(/<input[^>]+name="council"[^>]+value="another"[^>]+checked/);
    // Not a candidate: refused, not recorded.
    expect((await manager.post(path, { council: 'E09000001' })).status).toBe(400);
    expect((await items(`CASE#${ref}`)).find((i) => i.sk === 'TRANSFER')).toBeUndefined();

    // With JavaScript on, the page passes axe, and "Another council" reveals the code and name.
    const browser = await launchChromium();
    try {
      const origin = new URL(stack().baseUrl);
      const cookies = [...manager.jar].map(([name, value]) => ({
        name,
        value,
        domain: origin.hostname,
        path: '/',
      }));
      const withJs = await browser.newContext();
      await withJs.addCookies(cookies);
      const js = await withJs.newPage();
      await js.goto(`${stack().baseUrl}${path}`);
      expect(js.url()).toBe(`${stack().baseUrl}${path}`);
      expect(await js.getByLabel('ONS GSS code').isVisible()).toBe(false);
      expect(await axeViolations(js)).toEqual([]);
      await js.getByLabel('Another council').check();
      expect(await js.getByLabel('ONS GSS code').isVisible()).toBe(true);
      expect(await axeViolations(js)).toEqual([]);
      // Without JavaScript the fields show under their answer; choosing Kent records Kent.
      const noJsContext = await browser.newContext({ javaScriptEnabled: false });
      await noJsContext.addCookies(cookies);
      const noJs = await noJsContext.newPage();
      await noJs.goto(`${stack().baseUrl}${path}`);
      expect(await noJs.getByLabel('ONS GSS code').isVisible()).toBe(true);
      await noJs.getByLabel('Kent (E10000016)').check();
      await noJs.getByRole('button', { name: 'Save' }).click();
      await noJs.getByText('Receiving council recorded').first().waitFor();
    } finally {
      await browser.close();
    }

    // The same record as typing it: the transfer goes on as before.
    const transfer = (await items(`CASE#${ref}`)).find((i) => i.sk === 'TRANSFER');
    expect(transfer?.receivingCouncil).toEqual({ gss: 'E10000016', name: 'Kent' });
    expect(transfer?.source).toBe('staff');
    expect(transfer?.district).toBe('ME1');
    const after = await (await manager.go(`/staff/cases/${ref}`)).text();
    expect(after).toContain('Kent (E10000016), named by staff');
    expect(after).not.toContain('spans more than one council');

    // Correcting it, before the notice is sent, offers the district's councils again.
    const again = await (await manager.go(path)).text();
    expect(again).toMatch(/<input[^>]+name="council"[^>]+value="E10000016"[^>]+checked/);
    expect(again).toMatch(/<input[^>]+name="council"[^>]+value="E06000035"/);
    // A council outside the district, typed under "Another council", is that answer when shown again.
    expect(
      (await manager.post(path, { council: 'another', gss: 'E09000001', name: 'City of London' })).status,
    ).toBe(303);
    const typed = await (await manager.go(path)).text();
    expect(typed).toMatch(/<input[^>]+name="council"[^>]+value="another"[^>]+checked/);
    expect(typed).toContain('value="City of London"');
    expect((await manager.post(path, { council: 'E06000035' })).status).toBe(303);
    const corrected = (await items(`CASE#${ref}`)).find((i) => i.sk === 'TRANSFER');
    expect(corrected?.receivingCouncil).toEqual({ gss: 'E06000035', name: 'Medway' });
    expect(corrected?.district).toBe('ME1');
  });

  it('escalates to the designated manager and deputies without an acknowledgement in 5 working days', async () => {
    const ref = await caseMovingToOthertown(
      '2027-03-08T09:30:00.000Z',
      'Cornelius Unacknowledged',
      'Philippa Farhome',
    );
    await sendTransfer(ref);
    const obligation = await until(async () =>
      (await items(`CASE#${ref}`)).find((i) => i.sk === 'OBLIGATION#transfer-acknowledgement'),
    );
    // Sent Monday 8 March 2027: 5 working days is Monday 15 March.
    expect(obligation.due).toBe('2027-03-15');
    expect(obligation.status).toBe('open');

    const config = parseRemindConfig(process.env);
    await sweep(new Date('2027-03-16T12:00:00Z'), {
      dueIndex: createDueIndex(stack().db, stack().tableName),
      reminders: createReminderStore(stack().db, stack().tableName),
      digests: createDigestLedger(stack().db, stack().tableName),
      mailer: createMailer(createSesClient(stack().emulators.sesEndpoint), config.mail.senderAddress),
      queue: createNotificationQueue(stack().sqs, stack().notificationQueue.url),
      councilName: config.councilName,
      staffBaseUrl: config.staffBaseUrl,
      designatedManager: MANAGER,
      deputyManagers: [DEPUTY],
    });
    const escalated = (
      await waitForEmails(stack().mailboxUrl, (all) =>
        all.some(
          (e) =>
            e.destination.to.includes(MANAGER) &&
            (e.body.text ?? '').includes('The receiving council acknowledges the transfer notice') &&
            (e.body.text ?? '').includes(ref),
        ),
      )
    ).find(
      (e) =>
        e.destination.to.includes(MANAGER) &&
        (e.body.text ?? '').includes('The receiving council acknowledges the transfer notice') &&
        (e.body.text ?? '').includes(ref),
    );
    expect(escalated?.destination.to).toContain(DEPUTY);
    noPersonalData([escalated as SentEmail], 'Cornelius', 'Philippa', 'Larch', 'OT1 4LR');
  });

  it('the acknowledgement page passes axe with JavaScript on, and works with it off', {
    timeout: 120_000,
  }, async () => {
    const ref = await caseMovingToOthertown(
      '2027-03-08T09:45:00.000Z',
      'Ambrose Axechild',
      'Griselda Axecarer',
    );
    const { notice } = await sendTransfer(ref);
    const link = /(http\S+\/transfer-acknowledgement\/\S+)/.exec(notice.body.text ?? '')?.[1] ?? '';
    const url = `${stack().baseUrl}${new URL(link).pathname}`;
    const browser = await launchChromium();
    try {
      const withJs = await (await browser.newContext()).newPage();
      await withJs.goto(url);
      expect(await axeViolations(withJs)).toEqual([]);
      const noJs = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
      await noJs.goto(url);
      await noJs.getByRole('button', { name: 'Acknowledge the notice' }).click();
      await noJs.getByRole('heading', { name: 'Thank you' }).waitFor();
      // The used link's page, with JavaScript on, passes too.
      await withJs.goto(url);
      await withJs.getByRole('heading', { name: 'This link has already been used' }).waitFor();
      expect(await axeViolations(withJs)).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
