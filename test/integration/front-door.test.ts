import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../functions/remind/sweep.ts';
import type { Emulators } from '../../infra/local/emulators.ts';
import type { LocalOidcProvider } from '../../infra/local/oidc-provider.ts';
import type { Notification } from '../../shared/domain/notification.ts';
import { createMailer, createSesClient } from '../../shared/mail/mailer.ts';
import { createDigestLedger } from '../../shared/store/digest-ledger.ts';
import { createDueIndex } from '../../shared/store/due-index.ts';
import { createReminderStore } from '../../shared/store/reminder-store.ts';
import { aNotification, CARER_STREET, CHILD_NAME } from '../fixtures/notifications.ts';
import { clearMailbox, readMailbox, waitForEmails } from '../support/mailbox.ts';
import { caseItems, type StaffTestbed, seedCase, startStaffTestbed } from '../support/staff-app.ts';
import { csrfOf, STAFF_BASE, type StaffHandler, staffClient } from '../support/staff-client.ts';

/**
 * The front door's work through the staff function's handler (API Gateway v2 events), against
 * DynamoDB Local and the SES emulator, with real sign-in through the local OIDC provider: the
 * one-working-day decision (Working Together 2023) and the referrer's email, its escalation by
 * the reminder sweep to the designated manager and the deputies, and the written decisions on
 * disqualification, prohibition and requirements (s.68, s.69, Sch. 8) in the figures.
 *
 * The app runs on a fixed clock, TODAY (Tuesday 24 November 2026); the sweep is given its time.
 */
const TODAY = new Date('2026-11-24T10:00:00.000Z');
const TABLE = 'front-door-test';
const MANAGER_MAILBOX = 'front-door-manager@anytown.example';
/** caseworker2 is named a deputy designated manager: they sign in with the manager's role. */
const DEPUTY = 'caseworker2@anytown.example';
const SECOND_DEPUTY = 'deputy-two@anytown.example';
const MANAGER = 'manager@anytown.example';
const WORKER1 = 'caseworker1@anytown.example';
const NOTIFIER = 'priya.teacher@school.example';

let emulators: Emulators;
let oidc: LocalOidcProvider;
let db: DynamoDBDocumentClient;
let handler: StaffHandler;
let logLines: string[] = [];

// Received Monday 23 November 2026: the front door's decision is due Tuesday 24 November.
const decided = aNotification({ receivedAt: '2026-11-23T10:00:00.000Z' });
// Received the same day and never decided: overdue from Wednesday 25 November.
const undecided = aNotification({ receivedAt: '2026-11-23T11:00:00.000Z' });
// Received Thursday 5 November: a case for the written decisions.
const restricted = aNotification({ receivedAt: '2026-11-05T10:00:00.000Z' });

/** Opened and out of the outbox, as the route function leaves a case once its emails are sent. */
const seed = (notification: Notification) =>
  seedCase(db, TABLE, notification, { designatedManager: MANAGER_MAILBOX, routed: true });

let bed: StaffTestbed;
beforeAll(async () => {
  bed = await startStaffTestbed({
    table: TABLE,
    designatedManager: MANAGER_MAILBOX,
    now: () => new Date(TODAY),
    env: { DEPUTY_MANAGERS: ` ${DEPUTY.toUpperCase()}, ${SECOND_DEPUTY}` },
    seed: async (table) => {
      db = table;
      for (const n of [decided, undecided, restricted]) await seed(n);
    },
    // Logs through the console, where the test reads them for personal data.
    captureLogs: true,
  });
  ({ emulators, oidc, handler, logLines } = bed);
});

afterAll(() => bed?.stop());

// ---- HTTP helpers ---------------------------------------------------------------------------------

const { call, sessionOf, submitCaseForm } = staffClient({
  handler: () => handler,
  oidc: () => oidc,
});

const itemsOf = (reference: string) => caseItems(db, TABLE, reference);

const caseItemOf = async (reference: string) => (await itemsOf(reference)).find((i) => i.sk === 'CASE');
const obligationOf = async (reference: string, kind: string) =>
  (await itemsOf(reference)).find((i) => i.sk === `OBLIGATION#${kind}`);

// ---- the tests ------------------------------------------------------------------------------------

describe('the front door', () => {
  it('opens every case with a front-door decision due one working day after the notification', async () => {
    const o = await obligationOf(decided.reference, 'front-door-decision');
    expect(o).toMatchObject({ due: '2026-11-24', status: 'open' });
    const page = await call('GET', `/staff/cases/${decided.reference}`, {
      cookies: [await sessionOf(MANAGER)],
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Not decided yet: due by 24 November 2026');
    expect(page.body).toContain(`href="/staff/cases/${decided.reference}/record-front-door-decision"`);
  });

  it('lets only the designated manager and deputies record the decision', async () => {
    const worker = await sessionOf(WORKER1);
    const page = await call('GET', `/staff/cases/${decided.reference}/record-front-door-decision`, {
      cookies: [worker],
    });
    expect(page.status).toBe(403);
    // A deputy signs in with the designated manager's role (DEPUTY_MANAGERS, any case).
    const deputy = await sessionOf(DEPUTY);
    const form = await call('GET', `/staff/cases/${decided.reference}/record-front-door-decision`, {
      cookies: [deputy],
    });
    expect(form.status).toBe(200);
    expect(form.body).toContain('Record the front door decision');
  });

  it('records the decision within a day, meets the obligation and tells the referrer the outcome only', async () => {
    const deputy = await sessionOf(DEPUTY);
    await clearMailbox(emulators.sesEndpoint);
    // "Not private fostering" needs its reason: the form says so and keeps the answer.
    const missing = await submitCaseForm(deputy, decided.reference, 'record-front-door-decision', {
      outcome: 'not-private-fostering',
    });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('govuk-error-summary');
    expect(missing.body).toContain('Enter why it is not private fostering');
    expect(missing.body).toMatch(/value="not-private-fostering" checked/);

    const reason = 'The carer is the child’s aunt, Morgan Friend';
    const r = await submitCaseForm(deputy, decided.reference, 'record-front-door-decision', {
      outcome: 'not-private-fostering',
      reason,
      notes: 'Spoke to the school.',
    });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe(`/staff/cases/${decided.reference}?done=record-front-door-decision`);

    const caseItem = await caseItemOf(decided.reference);
    expect(caseItem?.summary).toMatchObject({
      frontDoorDecidedOn: '2026-11-24',
      frontDoorOutcome: 'not-private-fostering',
    });
    const record = (await itemsOf(decided.reference)).find((i) => i.sk === 'FRONT-DOOR');
    expect(record).toMatchObject({ outcome: 'not-private-fostering', reason, recordedBy: DEPUTY });
    expect(await obligationOf(decided.reference, 'front-door-decision')).toMatchObject({
      status: 'met',
      metOn: '2026-11-24',
    });
    // Its reminders are cancelled: nothing about the decision is left in the due index.
    const reminders = (await itemsOf(decided.reference)).filter((i) =>
      String(i.sk).startsWith('REMINDER#front-door-decision'),
    );
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.every((i) => i.gsi1pk === undefined)).toBe(true);

    // The referrer: the address the notification gave, the reference and the outcome in plain words.
    const emails = await waitForEmails(emulators.sesEndpoint, (all) =>
      all.some((e) => e.destination.to.includes(NOTIFIER)),
    );
    const told = emails.filter((e) => e.destination.to.includes(NOTIFIER));
    expect(told).toHaveLength(1);
    expect(told[0]?.destination.to).toEqual([NOTIFIER]);
    const body = told[0]?.body.text ?? '';
    expect(body).toContain(`Reference: ${decided.reference}`);
    expect(body).toContain('We have decided this is not a private fostering arrangement.');
    for (const personal of [CHILD_NAME, 'Morgan Friend', CARER_STREET, 'aunt', 'Spoke to the school']) {
      expect(body).not.toContain(personal);
    }

    const page = await call('GET', r.headers.location as string, { cookies: [deputy] });
    expect(page.body).toContain('Front door decision recorded');
    expect(page.body).toContain('Yes: due by 24 November 2026');
    expect(page.body).not.toContain(`/staff/cases/${decided.reference}/record-front-door-decision"`);

    // Decided once: a second post is refused, and the referrer hears nothing more.
    const again = await call('POST', `/staff/cases/${decided.reference}/record-front-door-decision`, {
      cookies: [deputy],
      form: { csrfToken: csrfOf(page.body), outcome: 'private-fostering' },
    });
    expect(again.status).toBe(409);
    expect(
      (await readMailbox(emulators.sesEndpoint)).filter((e) => e.destination.to.includes(NOTIFIER)),
    ).toHaveLength(1);
    for (const line of logLines) {
      expect(line).not.toContain(CHILD_NAME);
      expect(line).not.toContain('aunt');
    }
  });

  it('escalates a decision not made in a day to the designated manager and every deputy', async () => {
    await clearMailbox(emulators.sesEndpoint);
    const deps = {
      dueIndex: createDueIndex(db, TABLE),
      reminders: createReminderStore(db, TABLE),
      digests: createDigestLedger(db, TABLE),
      mailer: createMailer(createSesClient(emulators.sesEndpoint), 'private-fostering@anytown.example'),
      queue: {
        send: () => Promise.reject(new Error('No notification is waiting to be routed in this test')),
      },
      councilName: 'Anytown Council',
      staffBaseUrl: STAFF_BASE,
      designatedManager: MANAGER_MAILBOX,
      deputyManagers: [DEPUTY, SECOND_DEPUTY],
    };
    // Wednesday 25 November, after the 08:00 reminders: the undecided case is a day overdue.
    await sweep(new Date('2026-11-25T10:00:00.000Z'), deps);
    const emails = await readMailbox(emulators.sesEndpoint);
    const escalation = emails.find(
      (e) =>
        e.body.text?.includes(`Case: ${undecided.reference}`) &&
        e.body.text.includes('Front door decision') &&
        e.body.text.includes('escalated to you'),
    );
    expect(escalation?.destination.to).toEqual([MANAGER_MAILBOX, DEPUTY, SECOND_DEPUTY]);
    // The decided case is not chased.
    expect(emails.some((e) => e.body.text?.includes(`Case: ${decided.reference}`))).toBe(false);
    for (const e of emails) expect(e.body.text).not.toContain(CHILD_NAME);
  });

  it('shows the share of decisions made within one working day on the compliance page', async () => {
    // Today (24 November) the undecided case is due, not yet past due.
    const page = await call(
      'GET',
      '/staff/compliance?from-day=23&from-month=11&from-year=2026&to-day=23&to-month=11&to-year=2026',
      { cookies: [await sessionOf(MANAGER)] },
    );
    expect(page.status).toBe(200);
    expect(page.body).toContain(
      'Decisions within one working day (Working Together 2023): 1 of 2 notifications (50%); 0 not decided and past due.',
    );
  });
});

describe('disqualification, prohibition and requirements', () => {
  it('records consent, refusal, a prohibition and requirements with the appeal date, and counts them', async () => {
    const manager = await sessionOf(MANAGER);
    const worker = await sessionOf(WORKER1);
    const refused = await call('GET', `/staff/cases/${restricted.reference}/record-restriction`, {
      cookies: [worker],
    });
    expect(refused.status).toBe(403);

    const noPerson = await submitCaseForm(manager, restricted.reference, 'record-restriction', {
      kind: 'disqualification',
      'noticeOn-day': '10',
      'noticeOn-month': '11',
      'noticeOn-year': '2026',
      reasons: 'Conviction disclosed by the DBS check',
    });
    expect(noPerson.status).toBe(400);
    expect(noPerson.body).toContain('Select who is disqualified');
    expect(noPerson.body).toContain('Select whether consent was given or refused');

    const posts = [
      { kind: 'disqualification', person: 'household-member', decision: 'consent', day: '10' },
      { kind: 'disqualification', person: 'carer', decision: 'refusal', day: '12' },
      { kind: 'requirements', day: '16' },
      { kind: 'prohibition', day: '20' },
    ];
    for (const p of posts) {
      const r = await submitCaseForm(manager, restricted.reference, 'record-restriction', {
        kind: p.kind,
        ...(p.person ? { person: p.person, decision: p.decision as string } : {}),
        'noticeOn-day': p.day,
        'noticeOn-month': '11',
        'noticeOn-year': '2026',
        reasons: `Reasons for the ${p.kind} notice`,
      });
      expect(r.status).toBe(303);
    }
    const records = (await itemsOf(restricted.reference)).filter((i) =>
      String(i.sk).startsWith('RESTRICTION#'),
    );
    expect(records.map((r) => [r.kind, r.decision, r.noticeOn, r.appealBy])).toEqual([
      ['disqualification', 'consent', '2026-11-10', undefined],
      ['disqualification', 'refusal', '2026-11-12', '2026-11-26'],
      ['requirements', undefined, '2026-11-16', '2026-11-30'],
      ['prohibition', undefined, '2026-11-20', '2026-12-04'],
    ]);
    const caseItem = await caseItemOf(restricted.reference);
    // The arrangement continues: the case stays open and its visits are still due.
    expect(caseItem?.status).toBe('open');
    expect(await obligationOf(restricted.reference, 'initial-visit')).toMatchObject({ status: 'open' });

    const page = await call('GET', `/staff/cases/${restricted.reference}`, { cookies: [manager] });
    expect(page.body).toContain('Consent decisions, prohibitions and requirements');
    expect(page.body).toContain('Prohibition (section 69)');
    expect(page.body).toContain('4 December 2026');

    const compliance = await call(
      'GET',
      '/staff/compliance?from-day=1&from-month=11&from-year=2026&to-day=24&to-month=11&to-year=2026',
      { cookies: [manager] },
    );
    expect(compliance.body).toContain(
      '1 with requirements (Schedule 8), 1 prohibitions (section 69), 1 consents given and 1 refused',
    );
  });
});
