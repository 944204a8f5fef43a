import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { complianceFigures, financialYearContaining } from '../../shared/domain/compliance.ts';
import { defaultCalendar } from '../../shared/domain/working-days.ts';
import { createCaseRecords } from '../../shared/store/case-records.ts';
import { aNotification } from '../fixtures/notifications.ts';
import { localRuntime, localStackFrom, noPersonalData, until } from '../support/local-runtime.ts';
import { readMailbox, type SentEmail, waitForEmails } from '../support/mailbox.ts';
import { csrfOf, formPost, httpSession, signInOverHttp } from '../support/staff-client.ts';

/**
 * Issue 12 through the real pages and the local runtime (DynamoDB Local, fauxqs, the SES
 * emulator): a duplicate flagged and linked; change and ending notices told online, with and
 * without a case reference. Date starts at TODAY and runs on, as in staff-local-stack().test.ts.
 */
const TODAY = new Date('2026-11-24T10:00:00.000Z');
const MANAGER = 'front-door-manager@anytown.example';
/** The local stack's deputy (cdk.json): hears of what the designated manager hears of. */
const DEPUTY = 'deputy-manager@anytown.example';
const stack = localStackFrom(TODAY);

const signIn = async (email: string) => (await signInOverHttp(stack(), email)).go;
const { items, routed, tellNotice } = localRuntime(stack);

describe('possible duplicates (issue 12)', () => {
  it('flags a second notification about the same child to the front door, and linking it counts it once', async () => {
    const child = { name: 'Ottoline Brackenbury', dateOfBirth: '2013-02-14', disabled: 'no' as const };
    const first = aNotification({ receivedAt: '2026-11-16T10:00:00.000Z', child });
    await routed(first);
    // Another notifier, the child's name typed differently.
    const second = aNotification({
      receivedAt: '2026-11-17T10:00:00.000Z',
      child: { ...child, name: '  ottoline  BRACKENBURY ' },
      notifier: { role: 'health', name: 'Dr Who', email: 'gp@nhs.example' },
    });
    await routed(second);

    const subject = `Possible duplicate: notification ${second.reference} may be about case ${first.reference}`;
    const [flag] = (
      await waitForEmails(stack().mailboxUrl, (all) => all.some((e) => e.subject === subject))
    ).filter((e) => e.subject === subject);
    expect(flag?.destination.to).toEqual([MANAGER, DEPUTY]);
    expect(flag?.body.text).toContain('the same child’s name and date of birth');
    noPersonalData([flag as SentEmail], 'Ottoline', 'Brackenbury', '2013', 'Larkspur');
    // The first notification was not flagged (nothing open before it).
    expect(
      (await readMailbox(stack().mailboxUrl)).some((e) =>
        e.subject.includes(`notification ${first.reference} may`),
      ),
    ).toBe(false);
    // The index holds digests, not the details.
    const matchKeys = await stack().db.send(
      new QueryCommand({
        TableName: stack().tableName,
        IndexName: undefined,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CASE#${second.reference}` },
      }),
    );
    expect(JSON.stringify(matchKeys.Items)).not.toContain('MATCH#child');

    const manager = await signIn('manager@anytown.example');
    const casePage = await (await manager(`${stack().baseUrl}/staff/cases/${second.reference}`)).text();
    expect(casePage).toContain(`Possible duplicate of case ${first.reference}`);
    const form = await (
      await manager(`${stack().baseUrl}/staff/cases/${second.reference}/link-duplicate`)
    ).text();
    expect(form).toContain(`Is this a duplicate of case ${first.reference}?`);
    const missing = await manager(
      `${stack().baseUrl}/staff/cases/${second.reference}/link-duplicate`,
      formPost({ csrfToken: csrfOf(form) }),
    );
    expect(missing.status).toBe(400);
    const linked = await manager(
      `${stack().baseUrl}/staff/cases/${second.reference}/link-duplicate`,
      formPost({ csrfToken: csrfOf(form), decision: 'link' }),
    );
    expect(linked.status).toBe(303);

    const dup = await items(`CASE#${second.reference}`);
    expect(dup.find((i) => i.sk === 'CASE')?.summary?.duplicateOf).toBe(first.reference);
    const dupObligations = dup.filter((i) => String(i.sk).startsWith('OBLIGATION#'));
    expect(dupObligations.length).toBeGreaterThan(0);
    for (const o of dupObligations) {
      expect(o.status).toBe('cancelled');
      expect(o.basis).toContain(`Merged into case ${first.reference}`);
    }
    // Nothing of the duplicate's is left for the sweep: its pending reminders are cancelled.
    expect(dup.filter((i) => String(i.sk).startsWith('REMINDER#') && i.gsi1pk)).toEqual([]);
    const original = await items(`CASE#${first.reference}`);
    expect(original.find((i) => i.sk === 'OBLIGATION#initial-visit')?.status).toBe('open');

    // Counted once: two notifications (one marked as a duplicate), one arrangement started.
    const both = (await createCaseRecords(stack().db, stack().tableName).list()).filter((c) =>
      [first.reference, second.reference].includes(c.reference),
    );
    const figures = complianceFigures(both, financialYearContaining('2026-11-24'), defaultCalendar, {
      today: '2026-11-24',
    });
    expect(figures.notifications.total.count).toBe(2);
    expect(figures.notifications.duplicates.references).toEqual([second.reference]);
    expect(figures.arrangements.started.references).toEqual([first.reference]);
  });
});

describe('changes and endings told online (issue 12)', () => {
  it('joins an ending with a case reference to its case, alerts with the reference only, and starts the end form from it', async () => {
    const notification = aNotification({ receivedAt: '2026-11-18T10:00:00.000Z' });
    await routed(notification);
    const ref = notification.reference;
    const { noticeRef, checkHtml } = await tellNotice(
      '/tell-us-an-arrangement-has-ended',
      { caseReference: ref.toLowerCase(), childName: 'Peregrine Notice-Child' },
      {
        reason: 'moved-to-another-carer',
        'endedOn-day': '20',
        'endedOn-month': '11',
        'endedOn-year': '2026',
        whereGone: 'To a family friend',
        newCarerName: 'Hollis Newcarer',
        'newAddress-line1': '9 Quince Court',
        'newAddress-postcode': 'AN2 9ZZ',
      },
    );
    expect(checkHtml).toContain('Hollis Newcarer');

    const subject = `Ending told online for case ${ref}`;
    const [alert] = (
      await waitForEmails(stack().mailboxUrl, (all) => all.some((e) => e.subject === subject))
    ).filter((e) => e.subject === subject);
    // Unallocated: the case's front-door mailbox (AN1 → north team), the designated manager and deputy.
    expect(alert?.destination.to).toEqual(['front-door-north@anytown.example', MANAGER, DEPUTY]);
    expect(alert?.body.text).toContain(noticeRef);
    noPersonalData([alert as SentEmail], 'Peregrine', 'Hollis', 'Quince', 'family friend', 'Chris');

    const caseItem = await until(async () => {
      const c = (await items(`CASE#${ref}`)).find((i) => i.sk === 'CASE');
      return c?.proposedEndNotice ? c : undefined;
    });
    expect(caseItem.proposedEndNotice).toBe(noticeRef);
    expect(caseItem.status).toBe('open');

    const manager = await signIn('manager@anytown.example');
    const page = await (await manager(`${stack().baseUrl}/staff/cases/${ref}`)).text();
    expect(page).toContain(`Ending told online: notice ${noticeRef}`);
    expect(page).toContain('Confirm the end told online');
    const endForm = await (await manager(`${stack().baseUrl}/staff/cases/${ref}/record-end`)).text();
    expect(endForm).toMatch(/value="moved-to-another-carer" checked/);
    expect(endForm).toContain('value="Hollis Newcarer"');
    expect(endForm).toMatch(/name="endedOn-day"[^>]*value="20"|value="20"[^>]*name="endedOn-day"/);
    const confirmed = await manager(
      `${stack().baseUrl}/staff/cases/${ref}/record-end`,
      formPost({
        csrfToken: csrfOf(endForm),
        'endedOn-day': '20',
        'endedOn-month': '11',
        'endedOn-year': '2026',
        reason: 'moved-to-another-carer',
        newCarerName: 'Hollis Newcarer',
      }),
    );
    expect(confirmed.status).toBe(303);
    expect((await items(`CASE#${ref}`)).find((i) => i.sk === 'CASE')?.status).toBe('ended');
  });

  it('puts a change without a reference on the front door’s list with a suggested case, for staff to confirm', async () => {
    const child = { name: 'Wilhelmina Fairweather', dateOfBirth: '2012-07-30', disabled: 'no' as const };
    const notification = aNotification({ receivedAt: '2026-11-19T10:00:00.000Z', child });
    await routed(notification);
    const ref = notification.reference;
    const { noticeRef } = await tellNotice(
      '/tell-us-about-a-change',
      {
        childName: 'Wilhelmina Fairweather',
        'childDob-day': '30',
        'childDob-month': '7',
        'childDob-year': '2012',
      },
      { what: 'joined-household', details: 'The carer’s adult son has moved back in' },
      { tellerName: 'Pat Parent', relationship: 'parent', phone: '01632 960123' },
    );

    const subject = `Notice ${noticeRef} needs matching to a case`;
    const [alert] = (
      await waitForEmails(stack().mailboxUrl, (all) => all.some((e) => e.subject === subject))
    ).filter((e) => e.subject === subject);
    expect(alert?.destination.to).toEqual([MANAGER, DEPUTY]);
    expect(alert?.body.text).toContain(`It looks like case ${ref}`);
    noPersonalData([alert as SentEmail], 'Wilhelmina', 'Fairweather', 'son', 'Pat');
    // Not joined to any case until staff say so.
    expect((await items(`CASE#${ref}`)).some((i) => String(i.sk).startsWith('NOTICE#'))).toBe(false);

    const manager = await signIn('manager@anytown.example');
    const list = await (await manager(`${stack().baseUrl}/staff/notices`)).text();
    expect(list).toContain(noticeRef);
    expect(list).toContain(ref);
    const form = await (await manager(`${stack().baseUrl}/staff/notices/${noticeRef}`)).text();
    expect(form).toContain('The carer’s adult son has moved back in');
    const wrong = await manager(
      `${stack().baseUrl}/staff/notices/${noticeRef}`,
      formPost({ csrfToken: csrfOf(form), decision: 'join', reference: 'ZZZZZZZZ' }),
    );
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('There is no case with that reference');
    const joined = await manager(
      `${stack().baseUrl}/staff/notices/${noticeRef}`,
      formPost({ csrfToken: csrfOf(form), decision: 'join', reference: ref }),
    );
    expect(joined.status).toBe(303);
    expect(joined.headers.get('location')).toBe(`/staff/cases/${ref}`);
    const page = await (await manager(`${stack().baseUrl}/staff/cases/${ref}`)).text();
    expect(page).toContain(`Change told online: notice ${noticeRef}`);
    expect(await (await manager(`${stack().baseUrl}/staff/notices`)).text()).not.toContain(noticeRef);
  });

  it('marks a move to an address outside the area on the case and in the alert, without the address', async () => {
    const notification = aNotification({ receivedAt: '2026-11-19T12:00:00.000Z' });
    await routed(notification);
    const ref = notification.reference;
    const { noticeRef } = await tellNotice(
      '/tell-us-about-a-change',
      { caseReference: ref, childName: 'Ignatius Mover' },
      {
        what: 'carer-moved',
        'newAddress-line1': '4 Faraway Close',
        'newAddress-town': 'Manchester',
        'newAddress-postcode': 'M1 1AE',
      },
    );
    const subject = `Change told online for case ${ref}`;
    const [alert] = (
      await waitForEmails(stack().mailboxUrl, (all) => all.some((e) => e.subject === subject))
    ).filter((e) => e.subject === subject);
    expect(alert?.body.text).toContain('The new address is outside our area');
    noPersonalData([alert as SentEmail], 'Ignatius', 'Faraway', 'Manchester', 'M1 1AE');
    const caseItem = (await items(`CASE#${ref}`)).find((i) => i.sk === 'CASE');
    expect(caseItem?.movingOutOfArea).toBe(noticeRef);
    const manager = await signIn('manager@anytown.example');
    expect(await (await manager(`${stack().baseUrl}/staff/cases/${ref}`)).text()).toContain(
      `Notice ${noticeRef} gives a new address outside our area`,
    );
  });

  it('opens a notice that matches no case as a new notification', async () => {
    const { noticeRef } = await tellNotice(
      '/tell-us-an-arrangement-has-ended',
      { childName: 'Bartholomew Unknownchild' },
      { reason: 'moved-to-another-carer', newCarerName: 'Tamsin Host', 'newAddress-postcode': 'AN1 5XY' },
    );
    await waitForEmails(stack().mailboxUrl, (all) =>
      all.some((e) => e.subject.startsWith(`Notice ${noticeRef}`)),
    );
    const manager = await signIn('manager@anytown.example');
    const form = await (await manager(`${stack().baseUrl}/staff/notices/${noticeRef}`)).text();
    expect(form).toContain('Open it as a new notification');
    const opened = await manager(
      `${stack().baseUrl}/staff/notices/${noticeRef}`,
      formPost({ csrfToken: csrfOf(form), decision: 'new' }),
    );
    expect(opened.status).toBe(303);
    // Stored with its outbox entry: the sweep queues it and route opens the case.
    const stored = await stack().db.send(
      new GetCommand({ TableName: stack().tableName, Key: { pk: `CASE#${noticeRef}`, sk: 'NOTIFICATION' } }),
    );
    expect(stored.Item?.notification.carer.name).toBe('Tamsin Host');
    expect(stored.Item?.gsi1pk).toBeDefined();
  });

  it('refuses a notice posted without the form’s token', async () => {
    const go = httpSession(stack().baseUrl).go;
    await go(`${stack().baseUrl}/tell-us-about-a-change/about`);
    const res = await go(`${stack().baseUrl}/tell-us-about-a-change/about`, formPost({ childName: 'X' }));
    expect(res.status).toBe(403);
    expect(res.headers.get('content-security-policy')).toBeTruthy();
  });
});

describe('a notification outside the area (issue 12)', () => {
  it('flags it to the front door instead of leaving it in the default mailbox', async () => {
    const notification = aNotification({
      receivedAt: '2026-11-20T10:00:00.000Z',
      carer: { name: 'Morgan Faraway', address: { line1: '3 Distant Row', postcode: 'M1 1AE' } },
    });
    await routed(notification);
    const ref = notification.reference;
    const subject = `Check the area: notification ${ref} may be for another council`;
    const [flag] = (
      await waitForEmails(stack().mailboxUrl, (all) => all.some((e) => e.subject === subject))
    ).filter((e) => e.subject === subject);
    expect(flag?.destination.to).toEqual([MANAGER, DEPUTY]);
    noPersonalData([flag as SentEmail], 'M1 1AE', 'Distant', 'Faraway', 'Zebedee');
    expect((await items(`CASE#${ref}`)).find((i) => i.sk === 'CASE')?.outOfArea).toBe(true);
    const manager = await signIn('manager@anytown.example');
    expect(await (await manager(`${stack().baseUrl}/staff/cases/${ref}`)).text()).toContain(
      'The carer’s postcode is outside our area',
    );
    // One in the area (AN1, the north team's rule) is not flagged.
    const inArea = aNotification({ receivedAt: '2026-11-20T11:00:00.000Z' });
    await routed(inArea);
    expect((await items(`CASE#${inArea.reference}`)).find((i) => i.sk === 'CASE')?.outOfArea).toBeUndefined();
  });
});
