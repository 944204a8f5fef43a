import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulators } from '../../infra/local/emulators.ts';
import type { LocalOidcProvider } from '../../infra/local/oidc-provider.ts';
import type { Notification } from '../../shared/domain/notification.ts';
import { aNotification, CHILD_NAME } from '../fixtures/notifications.ts';
import { readMailbox, waitForEmails } from '../support/mailbox.ts';
import { caseItems, type StaffTestbed, seedCase, startStaffTestbed } from '../support/staff-app.ts';
import { csrfOf, STAFF_BASE, type StaffHandler, staffClient } from '../support/staff-client.ts';

/**
 * The staff function driven through its handler with API Gateway v2 events, against DynamoDB
 * Local (the table made from the CDK template), with real sign-in through the local OIDC provider
 * (openid-client on one side, oidc-provider on the other).
 *
 * The app runs on a fixed clock, TODAY: what is due, which reminders are pending and the
 * reporting year all depend on today's date, and the suite must pass whatever day it runs.
 * Each test signs in and brings its case to the state it needs (the `given…` helpers below do
 * nothing when an earlier test already did it), so any one test can run alone.
 */
const TODAY = new Date('2026-11-24T10:00:00.000Z');
const TODAY_SECONDS = Math.floor(TODAY.getTime() / 1000);
const TABLE = 'staff-pages-test';
const MANAGER_MAILBOX = 'front-door-manager@anytown.example';
const HOSTILE = '<script>alert("x")</script>';

let emulators: Emulators;
let oidc: LocalOidcProvider;
let db: DynamoDBDocumentClient;
let handler: StaffHandler;
let logLines: string[] = [];

const caseA = aNotification({ receivedAt: '2026-11-02T10:00:00.000Z' });
const caseB = aNotification({ receivedAt: '2026-11-03T10:00:00.000Z' });
const caseHostile = aNotification({
  receivedAt: '2026-11-04T10:00:00.000Z',
  child: { name: HOSTILE, dateOfBirth: '2015-01-01', disabled: 'no' },
});

const seed = (notification: Notification) =>
  seedCase(db, TABLE, notification, { designatedManager: MANAGER_MAILBOX });

let bed: StaffTestbed;
beforeAll(async () => {
  bed = await startStaffTestbed({
    table: TABLE,
    designatedManager: MANAGER_MAILBOX,
    now: () => new Date(TODAY),
    env: {
      // The identity provider's staff: a caseworker who has never signed in is offered too.
      STAFF_DIRECTORY: JSON.stringify([
        { email: 'caseworker3@anytown.example', name: 'Alex Newstarter', role: 'caseworker' },
        { email: 'manager@anytown.example', name: 'Dana Manager', role: 'designated-manager' },
      ]),
    },
    seed: async (table) => {
      db = table;
      for (const n of [caseA, caseB, caseHostile]) await seed(n);
    },
    // Everything the function logs, to prove no personal data reaches the logs.
    // (vitest.config.ts quiets the logs to ERROR; this test reads INFO and WARN too.)
    captureLogs: true,
  });
  ({ emulators, oidc, handler, logLines } = bed);
});

afterAll(() => bed?.stop());

// ---- HTTP helpers ---------------------------------------------------------------------------------

const { call, signInAs, sessionOf, submitCaseForm } = staffClient({
  handler: () => handler,
  oidc: () => oidc,
});

const itemsOf = (reference: string) => caseItems(db, TABLE, reference);

// ---- what each test needs ------------------------------------------------------------------------

const MANAGER = 'manager@anytown.example';
const WORKER1 = 'caseworker1@anytown.example';
const WORKER2 = 'caseworker2@anytown.example';

const caseItemOf = async (reference: string) => (await itemsOf(reference)).find((i) => i.sk === 'CASE');

/** Case A allocated to caseworker 1 by the manager, as the allocation test leaves it. */
async function givenCaseAAllocated() {
  // Allocation offers the caseworkers who have signed in.
  await Promise.all([sessionOf(WORKER1), sessionOf(WORKER2)]);
  if ((await caseItemOf(caseA.reference))?.allocatedTo === WORKER1) return;
  const r = await submitCaseForm(await sessionOf(MANAGER), caseA.reference, 'allocate', {
    caseworker: WORKER1,
  });
  expect(r.status).toBe(303);
}

/** Case A with its initial visit recorded for 5 November, as the visit test leaves it. */
async function givenCaseAVisited() {
  await givenCaseAAllocated();
  if ((await itemsOf(caseA.reference)).some((i) => String(i.sk).startsWith('VISIT#'))) return;
  const r = await submitCaseForm(await sessionOf(WORKER1), caseA.reference, 'record-visit', {
    'date-day': '5',
    'date-month': '11',
    'date-year': '2026',
    kind: 'initial',
    childSeenAlone: 'yes',
  });
  expect(r.status).toBe(303);
}

/** The police check on case A: asked for on 6 November, clear on 12 November. */
const POLICE_CHECK_DONE = {
  checkType: 'police',
  person: 'The carer',
  'requestedOn-day': '6',
  'requestedOn-month': '11',
  'requestedOn-year': '2026',
  'completedOn-day': '12',
  'completedOn-month': '11',
  'completedOn-year': '2026',
  outcome: 'no-concerns',
};

/** Case A with a police check, ended on 20 November (returned home), as the end test leaves it. */
async function givenCaseAEnded() {
  await givenCaseAVisited();
  if ((await caseItemOf(caseA.reference))?.status === 'ended') return;
  const worker1 = await sessionOf(WORKER1);
  const check = await submitCaseForm(worker1, caseA.reference, 'record-check', POLICE_CHECK_DONE);
  expect(check.status).toBe(303);
  const end = await submitCaseForm(worker1, caseA.reference, 'record-end', {
    'endedOn-day': '20',
    'endedOn-month': '11',
    'endedOn-year': '2026',
    reason: 'returned-home',
  });
  expect(end.status).toBe(303);
}

// ---- the journey ----------------------------------------------------------------------------------

describe('staff pages', () => {
  it('sends people who are not signed in to sign in, and refuses their forms with 401', async () => {
    const page = await call('GET', `/staff/cases/${caseA.reference}`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(
      `/staff/sign-in?returnTo=${encodeURIComponent(`/staff/cases/${caseA.reference}`)}`,
    );
    const post = await call('POST', `/staff/cases/${caseA.reference}/record-visit`, {
      form: { csrfToken: 'x' },
    });
    expect(post.status).toBe(401);
    expect(post.body).toContain('You need to sign in');
  });

  it('signs staff in through the local OpenID Connect provider', async () => {
    const manager = await signInAs(MANAGER);
    await signInAs(WORKER1);
    await signInAs(WORKER2, `/staff/cases/${caseA.reference}`);
    const list = await call('GET', '/staff/cases', { cookies: [manager] });
    expect(list.status).toBe(200);
    expect(list.body).toContain('Signed in as Dana Manager (designated manager)');
    for (const n of [caseA, caseB, caseHostile]) expect(list.body).toContain(n.reference);
    // Newest first (gsi2).
    expect(list.body.indexOf(caseHostile.reference)).toBeLessThan(list.body.indexOf(caseA.reference));
    expect(list.headers['content-security-policy']).toContain("default-src 'self'");
    expect(list.headers['cache-control']).toBe('no-store');
  });

  it('refuses a callback replayed or made up without a sign-in in progress', async () => {
    const r = await call('GET', '/staff/auth/callback?code=abc&state=def');
    expect(r.status).toBe(401);
  });

  it('shows a caseworker only their own cases: another case is 403', async () => {
    const worker1 = await sessionOf(WORKER1);
    const list = await call('GET', '/staff/cases', { cookies: [worker1] });
    expect(list.status).toBe(200);
    expect(list.body).not.toContain(caseA.reference);
    const page = await call('GET', `/staff/cases/${caseA.reference}`, { cookies: [worker1] });
    expect(page.status).toBe(403);
    const allocate = await call('GET', `/staff/cases/${caseA.reference}/allocate`, { cookies: [worker1] });
    expect(allocate.status).toBe(403);
    const compliance = await call('GET', '/staff/compliance', { cookies: [worker1] });
    expect(compliance.status).toBe(403);
    const refusals = logLines
      .filter((l) => l.includes('Access refused'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(refusals).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        reference: caseA.reference,
        role: 'caseworker',
        route: 'case',
      }),
    );
  });

  it('refuses a form without its CSRF token with 403', async () => {
    const manager = await sessionOf(MANAGER);
    const r = await call('POST', `/staff/cases/${caseA.reference}/allocate`, {
      cookies: [manager],
      form: { caseworker: 'caseworker1@anytown.example' },
    });
    expect(r.status).toBe(403);
    const wrong = await call('POST', `/staff/cases/${caseA.reference}/allocate`, {
      cookies: [manager],
      form: { caseworker: 'caseworker1@anytown.example', csrfToken: 'not-the-token' },
    });
    expect(wrong.status).toBe(403);
    const caseItem = (await itemsOf(caseA.reference)).find((i) => i.sk === 'CASE');
    expect(caseItem?.allocatedTo).toBeUndefined();
  });

  it('answers 404 for a case path that names no case or no action', async () => {
    const manager = await sessionOf(MANAGER);
    for (const path of [
      '/staff/cases/not-a-ref',
      `/staff/cases/${caseA.reference.toLowerCase()}`,
      '/staff/cases/ZZZZZZZZ',
      `/staff/cases/${caseA.reference}/no-such-action`,
      `/staff/cases/${caseA.reference}/record-visit/more`,
    ]) {
      expect((await call('GET', path, { cookies: [manager] })).status, path).toBe(404);
    }
  });

  it('lets the manager allocate: the reminders follow the caseworker', async () => {
    const manager = await sessionOf(MANAGER);
    await Promise.all([sessionOf(WORKER1), sessionOf(WORKER2)]);
    const form = await call('GET', `/staff/cases/${caseA.reference}/allocate`, { cookies: [manager] });
    expect(form.status).toBe(200);
    // Both caseworkers have signed in, so both are offered; so is the one the identity provider
    // lists who never has, and not the manager (not a caseworker).
    expect(form.body).toContain('caseworker1@anytown.example');
    expect(form.body).toContain('caseworker2@anytown.example');
    expect(form.body).toContain('Alex Newstarter (caseworker3@anytown.example)');
    expect(form.body).not.toContain('value="manager@anytown.example"');
    const r = await call('POST', `/staff/cases/${caseA.reference}/allocate`, {
      cookies: [manager],
      form: { caseworker: 'caseworker1@anytown.example', csrfToken: csrfOf(form.body) },
    });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe(`/staff/cases/${caseA.reference}?done=allocate`);

    const items = await itemsOf(caseA.reference);
    expect(items.find((i) => i.sk === 'CASE')).toMatchObject({
      allocatedTo: 'caseworker1@anytown.example',
      // Caseworker 1 has signed in, so the allocation is bound to their subject too (issue 13).
      allocatedSubject: expect.stringMatching(/.+/),
      version: 1,
    });
    const pending = items.filter((i) => String(i.sk).startsWith('REMINDER#') && i.state === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    for (const r of pending.filter((i) => i.audience === 'case'))
      expect(r.recipient).toBe('caseworker1@anytown.example');
    for (const r of pending.filter((i) => i.audience === 'manager'))
      expect(r.recipient).toBe(MANAGER_MAILBOX);
    // The caseworker is told, with the reference and the link only.
    const toWorker = (all: Awaited<ReturnType<typeof readMailbox>>) =>
      all.filter((e) => e.destination.to.includes(WORKER1) && e.subject.includes(caseA.reference));
    const [email] = toWorker(await waitForEmails(emulators.sesEndpoint, (all) => toWorker(all).length > 0));
    expect(email?.subject).toBe(`Private fostering case ${caseA.reference} allocated to you`);
    expect(email?.body.text).toContain(
      `Open the case (sign-in required): ${STAFF_BASE}/cases/${caseA.reference}`,
    );
    for (const personal of [CHILD_NAME, 'Morgan Friend', '17 Larkspur Mews']) {
      expect(email?.body.text).not.toContain(personal);
    }
    // Once: allocating the case to the same caseworker again tells nobody anything new.
    const again = await call('GET', `/staff/cases/${caseA.reference}/allocate`, { cookies: [manager] });
    expect(
      (
        await call('POST', `/staff/cases/${caseA.reference}/allocate`, {
          cookies: [manager],
          form: { caseworker: WORKER1, csrfToken: csrfOf(again.body) },
        })
      ).status,
    ).toBe(303);
    await new Promise((r) => setTimeout(r, 300));
    expect(toWorker(await readMailbox(emulators.sesEndpoint))).toHaveLength(1);

    // The schedule was recomputed: the checks the policy requires are now tracked.
    expect(items.some((i) => i.sk === 'OBLIGATION#check:dbs-carer')).toBe(true);
    expect(
      items.some(
        (i) =>
          i.sk.startsWith('EVENT#') && i.event === 'case-allocated' && i.by === 'manager@anytown.example',
      ),
    ).toBe(true);
  });

  it('lets the allocated caseworker, and no other, open the case', async () => {
    await givenCaseAAllocated();
    const [worker1, worker2] = await Promise.all([sessionOf(WORKER1), sessionOf(WORKER2)]);
    const other = await call('GET', `/staff/cases/${caseA.reference}`, { cookies: [worker2] });
    expect(other.status).toBe(403);
    const page = await call('GET', `/staff/cases/${caseA.reference}`, { cookies: [worker1] });
    expect(page.status).toBe(200);
    expect(page.body).toContain(CHILD_NAME);
    expect(page.body).toContain('7 working days after 2 November 2026');
    const list = await call('GET', '/staff/cases?show=mine', { cookies: [worker1] });
    expect(list.body).toContain(caseA.reference);
  });

  it('keeps the answers and shows the errors when a visit form is wrong', async () => {
    await givenCaseAAllocated();
    const worker1 = await sessionOf(WORKER1);
    const r = await submitCaseForm(worker1, caseA.reference, 'record-visit', {
      kind: 'initial',
      childSeenAlone: 'no',
      notes: 'Kept <b>notes</b>',
    });
    expect(r.status).toBe(400);
    expect(r.body).toContain('There is a problem');
    expect(r.body).toContain('Enter the date of the visit');
    expect(r.body).toContain('Enter why the child was not seen alone');
    expect(r.body).toContain('Kept &lt;b&gt;notes&lt;/b&gt;');
  });

  it('records the initial visit: it is met, and the next regulation 8 visit is due 6 weeks later', async () => {
    await givenCaseAAllocated();
    const worker1 = await sessionOf(WORKER1);
    const r = await submitCaseForm(worker1, caseA.reference, 'record-visit', {
      'date-day': '5',
      'date-month': '11',
      'date-year': '2026',
      kind: 'initial',
      childSeenAlone: 'yes',
      matters: ['wishes-and-feelings', 'health', 'education'],
      notes: 'Met the carer and the household.',
    });
    expect(r.status).toBe(303);
    const items = await itemsOf(caseA.reference);
    expect(items.find((i) => i.sk === 'OBLIGATION#initial-visit')).toMatchObject({
      status: 'met',
      metOn: '2026-11-05',
    });
    // Regulation 8(1)(a): not more than 6 weeks after a visit in the first year.
    expect(items.find((i) => i.sk === 'OBLIGATION#regulation-8-visit')).toMatchObject({
      status: 'open',
      due: '2026-12-17',
    });
    const visit = items.find((i) => String(i.sk).startsWith('VISIT#2026-11-05#'));
    expect(visit).toMatchObject({
      kind: 'initial',
      childSeenAlone: true,
      recordedBy: 'caseworker1@anytown.example',
    });
    expect(visit?.matters).toEqual(['wishes-and-feelings', 'health', 'education']);

    const reminders = items.filter((i) => String(i.sk).startsWith('REMINDER#'));
    const byId = (id: string) => reminders.find((i) => i.sk === `REMINDER#${id}`);
    // The initial visit's reminders left the due index; the next visit's are waiting for the caseworker.
    for (const stage of ['due-soon', 'due-today', 'overdue', 'escalation']) {
      const old = byId(`initial-visit#${stage}`);
      expect(old?.state).toBe('cancelled');
      expect(old?.gsi1pk).toBeUndefined();
    }
    expect(byId('regulation-8-visit#due-today')).toMatchObject({
      state: 'pending',
      recipient: 'caseworker1@anytown.example',
      due: '2026-12-17',
    });
    expect(byId('regulation-8-visit#due-today')?.gsi1pk).toMatch(/^DUE#/);
    expect(byId('regulation-8-visit#escalation')).toMatchObject({ recipient: MANAGER_MAILBOX });

    const page = await call('GET', `/staff/cases/${caseA.reference}?done=record-visit`, {
      cookies: [worker1],
    });
    expect(page.body).toContain('Visit recorded');
    expect(page.body).toContain('17 December 2026');
    expect(page.body).toContain('Initial visit (regulations 4 and 7) recorded for 5 November 2026');
  });

  it('escapes hostile answers on the case page', async () => {
    const manager = await sessionOf(MANAGER);
    const page = await call('GET', `/staff/cases/${caseHostile.reference}`, { cookies: [manager] });
    expect(page.status).toBe(200);
    expect(page.body).not.toContain(HOSTILE);
    expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('records a check and the end of the arrangement, which cancels what was still due', async () => {
    await givenCaseAVisited();
    const worker1 = await sessionOf(WORKER1);
    let form = await call('GET', `/staff/cases/${caseA.reference}/record-check`, { cookies: [worker1] });
    let r = await call('POST', `/staff/cases/${caseA.reference}/record-check`, {
      cookies: [worker1],
      form: {
        csrfToken: csrfOf(form.body),
        ...POLICE_CHECK_DONE,
      },
    });
    expect(r.status).toBe(303);
    let items = await itemsOf(caseA.reference);
    expect(items.find((i) => i.sk === 'CHECK#police')).toMatchObject({
      checkType: 'police',
      completedOn: '2026-11-12',
    });
    expect(items.find((i) => i.sk === 'OBLIGATION#check:police')).toMatchObject({
      status: 'met',
      metOn: '2026-11-12',
    });

    form = await call('GET', `/staff/cases/${caseA.reference}/record-end`, { cookies: [worker1] });
    r = await call('POST', `/staff/cases/${caseA.reference}/record-end`, {
      cookies: [worker1],
      form: {
        csrfToken: csrfOf(form.body),
        'endedOn-day': '20',
        'endedOn-month': '11',
        'endedOn-year': '2026',
        reason: 'returned-home',
      },
    });
    expect(r.status).toBe(303);
    items = await itemsOf(caseA.reference);
    expect(items.find((i) => i.sk === 'CASE')).toMatchObject({ status: 'ended' });
    expect(items.find((i) => i.sk === 'CASE')?.nextDue).toBeUndefined();
    expect(items.filter((i) => String(i.sk).startsWith('OBLIGATION#') && i.status === 'open')).toEqual([]);
    expect(items.filter((i) => String(i.sk).startsWith('REMINDER#') && i.gsi1pk !== undefined)).toEqual([]);
    expect(items.find((i) => i.sk === 'END')).toMatchObject({
      reason: 'returned-home',
      endedOn: '2026-11-20',
    });
    // The case is closed to further changes (only the decision may still be recorded).
    const again = await call('GET', `/staff/cases/${caseA.reference}/record-visit`, { cookies: [worker1] });
    expect(again.status).toBe(303);
  });

  it('records a visit request and a delayed DBS check with its interim safety plan', async () => {
    const [manager, worker1, worker2] = await Promise.all([
      sessionOf(MANAGER),
      sessionOf(WORKER1),
      sessionOf(WORKER2),
    ]);
    const ref = caseB.reference;
    const day = (name: string, d: number) => ({
      [`${name}-day`]: String(d),
      [`${name}-month`]: '11',
      [`${name}-year`]: '2026',
    });
    const allocateForm = await call('GET', `/staff/cases/${ref}/allocate`, { cookies: [manager] });
    expect(
      (
        await call('POST', `/staff/cases/${ref}/allocate`, {
          cookies: [manager],
          form: { caseworker: 'caseworker1@anytown.example', csrfToken: csrfOf(allocateForm.body) },
        })
      ).status,
    ).toBe(303);
    let page = await call('GET', `/staff/cases/${ref}`, { cookies: [worker1] });
    expect(page.body).toContain(`/staff/cases/${ref}/record-visit-request`);
    expect(page.body).not.toContain(`/staff/cases/${ref}/record-safety-plan`);
    // No DBS check delayed yet: no safety plan to record.
    expect((await call('GET', `/staff/cases/${ref}/record-safety-plan`, { cookies: [worker1] })).status).toBe(
      303,
    );
    const csrf = csrfOf(page.body);
    expect(
      (
        await call('POST', `/staff/cases/${ref}/record-safety-plan`, {
          cookies: [worker1],
          form: { csrfToken: csrf, ...day('agreedOn', 20), notes: 'x' },
        })
      ).status,
    ).toBe(409);

    // The carer asks for a visit on Monday 16 November: due 7 working days later, 25 November.
    const requestForm = await call('GET', `/staff/cases/${ref}/record-visit-request`, { cookies: [worker1] });
    expect(requestForm.status).toBe(200);
    expect(requestForm.body).toContain('Who asked?');
    const other = await call('POST', `/staff/cases/${ref}/record-visit-request`, {
      cookies: [worker2],
      form: { csrfToken: csrfOf(requestForm.body), ...day('requestedOn', 16), requestedBy: 'carer' },
    });
    expect(other.status).toBe(403);
    let r = await call('POST', `/staff/cases/${ref}/record-visit-request`, {
      cookies: [worker1],
      form: { csrfToken: csrfOf(requestForm.body), ...day('requestedOn', 16), requestedBy: 'carer' },
    });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe(`/staff/cases/${ref}?done=record-visit-request`);
    let items = await itemsOf(ref);
    expect(items.find((i) => i.sk === 'OBLIGATION#requested-visit')).toMatchObject({
      status: 'open',
      due: '2026-11-25',
    });
    expect(items.find((i) => i.sk === 'REMINDER#requested-visit#overdue')).toMatchObject({
      recipient: 'caseworker1@anytown.example',
      state: 'pending',
    });
    expect(items.find((i) => i.sk === 'REMINDER#requested-visit#escalation')?.recipient).toBe(
      MANAGER_MAILBOX,
    );
    expect(items.find((i) => String(i.sk).startsWith('REQUEST#2026-11-16#'))).toMatchObject({
      type: 'visit-request',
      requestedBy: 'carer',
      recordedBy: 'caseworker1@anytown.example',
    });

    // Only a DBS check can be delayed.
    const checkForm = await call('GET', `/staff/cases/${ref}/record-check`, { cookies: [worker1] });
    expect(checkForm.body).toContain('The DBS check is delayed');
    r = await call('POST', `/staff/cases/${ref}/record-check`, {
      cookies: [worker1],
      form: {
        csrfToken: csrfOf(checkForm.body),
        checkType: 'police',
        ...day('requestedOn', 13),
        delayed: 'yes',
        delayReason: 'Backlog',
      },
    });
    expect(r.status).toBe(400);
    expect(r.body).toContain('Only a DBS check can be recorded as delayed');
    expect(r.body).toContain('Backlog');

    // The carer's DBS check is delayed: due 26 November (10 working days after the initial
    // visit's due date, 12 November), so the interim safety plan is due 5 working days later.
    r = await call('POST', `/staff/cases/${ref}/record-check`, {
      cookies: [worker1],
      form: {
        csrfToken: csrfOf(checkForm.body),
        checkType: 'dbs-carer',
        person: 'The carer',
        ...day('requestedOn', 13),
        delayed: 'yes',
        delayReason: 'The DBS Update Service is behind',
      },
    });
    expect(r.status).toBe(303);
    items = await itemsOf(ref);
    expect(items.find((i) => i.sk === 'CHECK#dbs-carer')).toMatchObject({
      delayed: true,
      delayReason: 'The DBS Update Service is behind',
    });
    expect(items.find((i) => i.sk === 'OBLIGATION#interim-safety-plan')).toMatchObject({
      status: 'open',
      due: '2026-12-03',
    });
    expect(items.find((i) => i.sk === 'REMINDER#interim-safety-plan#escalation')?.recipient).toBe(
      MANAGER_MAILBOX,
    );
    page = await call('GET', `/staff/cases/${ref}`, { cookies: [worker1] });
    expect(page.body).toMatch(/govuk-tag--red">\s*Delayed\s*</);
    expect(page.body).toContain('The DBS Update Service is behind');
    expect(page.body).toContain('Interim police checks and safety plan (DBS delayed)');

    const planForm = await call('GET', `/staff/cases/${ref}/record-safety-plan`, { cookies: [worker1] });
    expect(planForm.status).toBe(200);
    expect(planForm.body).toContain('It is due by 3 December 2026');
    r = await call('POST', `/staff/cases/${ref}/record-safety-plan`, {
      cookies: [worker1],
      form: { csrfToken: csrfOf(planForm.body), ...day('agreedOn', 20) },
    });
    expect(r.status).toBe(400);
    expect(r.body).toContain('Enter the interim police checks made and the safety measures agreed');
    r = await call('POST', `/staff/cases/${ref}/record-safety-plan`, {
      cookies: [worker1],
      form: {
        csrfToken: csrfOf(planForm.body),
        ...day('agreedOn', 20),
        notes: `Interim police check clear. ${HOSTILE}`,
      },
    });
    expect(r.status).toBe(303);

    // A visit on request on 18 November meets the request.
    r = await submitCaseForm(worker1, ref, 'record-visit', {
      ...day('date', 18),
      kind: 'requested',
      childSeenAlone: 'yes',
    });
    expect(r.status).toBe(303);
    items = await itemsOf(ref);
    expect(items.find((i) => i.sk === 'OBLIGATION#interim-safety-plan')).toMatchObject({
      status: 'met',
      metOn: '2026-11-20',
    });
    expect(items.find((i) => i.sk === 'SAFETY-PLAN')).toMatchObject({
      type: 'safety-plan',
      agreedOn: '2026-11-20',
    });
    expect(items.find((i) => i.sk === 'OBLIGATION#requested-visit')).toMatchObject({
      status: 'met',
      metOn: '2026-11-18',
    });
    // Out of the due index (stages already overtaken by today's date were never added).
    for (const stage of ['overdue', 'escalation']) {
      const reminder = items.find((i) => i.sk === `REMINDER#requested-visit#${stage}`);
      expect(reminder?.state).toBe('cancelled');
      expect(reminder?.gsi1pk).toBeUndefined();
    }

    page = await call('GET', `/staff/cases/${ref}`, { cookies: [worker1] });
    expect(page.body).toContain('Visits asked for');
    expect(page.body).toContain('Visit requested on 16 November 2026 by the carer');
    expect(page.body).toContain('Interim safety plan agreed on 20 November 2026');
    expect(page.body).not.toContain(HOSTILE);
    expect(page.body).toContain('Interim police check clear. &lt;script&gt;');
  });

  it("names things as staff know them: checks by their label, the form's words, and when reminders go out", async () => {
    await givenCaseAEnded();
    const [manager, worker1] = await Promise.all([sessionOf(MANAGER), sessionOf(WORKER1)]);
    const ended = await call('GET', `/staff/cases/${caseA.reference}`, { cookies: [worker1] });
    expect(ended.body).toContain('Check recorded: Police (PNC) check, completed 12 November 2026');
    expect(ended.body).not.toContain('Check recorded: police');
    // The notification reads with the form's own questions.
    expect(ended.body).toMatch(/<dt class="govuk-summary-list__key">Ethnicity<\/dt>/);
    expect(ended.body).toContain('First language and cultural background');
    expect(ended.body).not.toContain('Racial origin');

    // Nothing in "Reminders waiting to be sent" has been sent: the column says when each goes out,
    // and one whose time has passed waits for the next run, not a date in the past as if sent.
    const waiting = await call('GET', `/staff/cases/${caseHostile.reference}`, { cookies: [manager] });
    const table = waiting.body.slice(waiting.body.indexOf('Reminders waiting to be sent'));
    expect(table).toMatch(/<th scope="col" class="govuk-table__header">Goes out<\/th>/);
    expect(table).not.toMatch(/>Sent<\/th>/);
    expect(table).toMatch(/With the next reminder run \(due since \d+ November 2026, 8:00\W?am\)/);
  });

  it('puts what is due first, the notification behind a summary, and the history last', async () => {
    const manager = await sessionOf(MANAGER);
    const page = (await call('GET', `/staff/cases/${caseHostile.reference}`, { cookies: [manager] })).body;
    const headings = [...page.matchAll(/<h2 class="govuk-heading-m"[^>]*>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(headings[0]).toBe('Due first');
    expect(headings.at(-1)).toBe('History');
    expect(headings.indexOf('All due dates, and why')).toBeGreaterThan(headings.indexOf('Checks'));
    // The open obligations, soonest first, each with its date and where it stands today.
    const dueFirst = page.slice(page.indexOf('>Due first<'), page.indexOf('>Visits<'));
    expect(dueFirst).toMatch(
      /<dt class="govuk-summary-list__key">Initial visit<\/dt>\s*<dd class="govuk-summary-list__value">13 November 2026 <strong class="govuk-tag govuk-tag--red">\s*Overdue/,
    );
    // The notification as received is in a closed details section: there, but not on screen.
    const notification = page.slice(
      page.indexOf('>The notification as received<'),
      page.indexOf('>History<'),
    );
    expect(notification).toMatch(/<details class="govuk-details">\s*<summary/);
    expect(notification).toContain('&lt;script&gt;');
    // So is the reasoning behind every date, done or not.
    const dates = page.slice(page.indexOf('>All due dates, and why<'), page.indexOf('>Reminders waiting'));
    expect(dates).toMatch(/<details class="govuk-details">[\s\S]*Why this date[\s\S]*<\/details>/);
  });

  it('shows the manager the compliance figures, each linked to its cases, and exports CSV', async () => {
    await givenCaseAEnded();
    const [manager, worker1] = await Promise.all([sessionOf(MANAGER), sessionOf(WORKER1)]);
    const page = await call('GET', '/staff/compliance', { cookies: [manager] });
    expect(page.status).toBe(200);
    expect(page.body).toContain('1 April 2026 to 31 March 2027');
    expect(page.body).toContain('/staff/compliance/cases?figure=notifications&amp;');
    // A link's hidden words count what the figure counts, and the cases behind it.
    expect(page.body).toContain('3<span class="govuk-visually-hidden"> cases: All notifications</span>');
    expect(page.body).toContain('1<span class="govuk-visually-hidden"> check in 1 case: Completed</span>');
    // No decisions yet: a count of 0, and no "no decisions" beside it.
    expect(page.body).toContain('Decisions made (with the median days from notification to decision)');
    expect(page.body).not.toContain('no decisions');
    expect(page.body).not.toContain('no cases');
    const behind = await call(
      'GET',
      '/staff/compliance/cases?figure=arrangements.ended.returned-home&from-day=1&from-month=4&from-year=2026&to-day=31&to-month=3&to-year=2027',
      { cookies: [manager] },
    );
    expect(behind.status).toBe(200);
    expect(behind.body).toContain(caseA.reference);
    expect(behind.body).not.toContain(caseB.reference);

    const figures = await call('GET', '/staff/compliance/figures.csv', { cookies: [manager] });
    expect(figures.status).toBe(200);
    expect(figures.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(figures.headers['content-disposition']).toMatch(
      /^attachment; filename="private-fostering-figures-2026-04-01-to-2027-03-31\.csv"$/,
    );
    expect(figures.body.startsWith('\uFEFF"Section","Figure"')).toBe(true);
    expect(figures.body).toContain('"Notifications received","All notifications",3,');

    const cases = await call('GET', '/staff/compliance/cases.csv', { cookies: [manager] });
    expect(cases.body).toContain(`"${caseA.reference}","2026-11-02"`);
    expect(cases.body).not.toContain(CHILD_NAME);
    const worker = await call('GET', '/staff/compliance/cases.csv', { cookies: [worker1] });
    expect(worker.status).toBe(403);
  });

  it('shows a mistaken compliance period with its fields open, and no figures for another period', async () => {
    const manager = await sessionOf(MANAGER);
    const page = await call(
      'GET',
      '/staff/compliance?from-day=31&from-month=2&from-year=2026&to-day=31&to-month=3&to-year=2027',
      { cookies: [manager] },
    );
    expect(page.body).toContain('<title>Error: ');
    expect(page.body).toMatch(/<a href="#from-day">[^<]*real date/);
    // The error summary's link lands on a field the manager can see: its section is open.
    expect(page.body).toMatch(/<details class="govuk-details" open>\s*<summary[^>]*>[\s\S]*id="from-day"/);
    // No figures, downloads or period heading of the default year under the error.
    expect(page.body).not.toContain('1 April 2026 to 31 March 2027');
    expect(page.body).not.toContain('All notifications');
    expect(page.body).not.toContain('figures.csv');

    const fine = await call('GET', '/staff/compliance', { cookies: [manager] });
    expect(fine.body).toMatch(/<details class="govuk-details">/);
    expect(fine.body).toContain('All notifications');
  });

  it('signs out: the session ends, and the sign-out at the provider is offered', async () => {
    // A session of its own: signing out the shared one would sign out the tests after this.
    const worker2 = await signInAs(WORKER2);
    const page = await call('GET', '/staff/cases', { cookies: [worker2] });
    const r = await call('POST', '/staff/sign-out', {
      cookies: [worker2],
      form: { csrfToken: csrfOf(page.body) },
    });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/staff/signed-out');
    expect(r.cookies.some((c) => c.startsWith('pf_staff_session=;') && c.includes('Max-Age=0'))).toBe(true);
    const signedOut = await call('GET', '/staff/signed-out');
    expect(signedOut.body).toContain(`${oidc.issuer}/session/end?`);
    expect(signedOut.body).not.toContain('id_token_hint');
    const after = await call('GET', '/staff/cases', { cookies: [worker2] });
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/staff\/sign-in/);
  });

  it('stores sessions by a hash of the cookie, with a TTL', async () => {
    const manager = await sessionOf(MANAGER);
    const id = manager.split('=')[1] as string;
    const { sessionKey } = await import('../../shared/store/session-store.ts');
    const item = (await db.send(new GetCommand({ TableName: TABLE, Key: sessionKey(id) }))).Item;
    expect(item?.kind).toBe('staff');
    expect(item?.pk).not.toContain(id);
    expect(item?.expiresAt).toBeLessThanOrEqual(TODAY_SECONDS + 30 * 60 + 5);
  });

  it('ends a session after 30 idle minutes, and 10 hours after sign-in however active', async () => {
    const { sessionKey } = await import('../../shared/store/session-store.ts');
    const now = TODAY_SECONDS;
    const age = async (cookie: string, set: Record<string, number>) => {
      const names = Object.keys(set);
      await db.send(
        new UpdateCommand({
          TableName: TABLE,
          Key: sessionKey(cookie.split('=')[1] as string),
          UpdateExpression: `SET ${names.map((n) => `${n} = :${n}`).join(', ')}`,
          ExpressionAttributeValues: Object.fromEntries(names.map((n) => [`:${n}`, set[n]])),
        }),
      );
    };
    const idle = await signInAs('caseworker2@anytown.example');
    // Activity moves the idle limit on.
    await age(idle, { lastSeenAt: now - 20 * 60 });
    expect((await call('GET', '/staff/cases', { cookies: [idle] })).status).toBe(200);
    const touched = (
      await db.send(new GetCommand({ TableName: TABLE, Key: sessionKey(idle.split('=')[1] as string) }))
    ).Item;
    expect(touched?.lastSeenAt).toBeGreaterThanOrEqual(now);
    expect(touched?.expiresAt).toBeGreaterThanOrEqual(now + 29 * 60);
    await age(idle, { lastSeenAt: now - 31 * 60 });
    const afterIdle = await call('GET', '/staff/cases', { cookies: [idle] });
    expect(afterIdle.status).toBe(303);
    expect(afterIdle.headers.location).toMatch(/^\/staff\/sign-in\?returnTo=/);

    const busy = await signInAs('caseworker2@anytown.example');
    await age(busy, { createdAt: now - 10 * 3600 - 60, absoluteExpiresAt: now - 60 });
    expect((await call('GET', '/staff/cases', { cookies: [busy] })).status).toBe(303);
  });

  it('never logs personal data', async () => {
    // Pages full of personal data, opened here too so the logs are never empty when run alone.
    const manager = await sessionOf(MANAGER);
    for (const n of [caseA, caseHostile]) {
      expect((await call('GET', `/staff/cases/${n.reference}`, { cookies: [manager] })).status).toBe(200);
    }
    const all = logLines.join('\n');
    expect(all).toContain('"route"');
    for (const secret of [
      CHILD_NAME,
      'Morgan Friend',
      'Priya Teacher',
      '17 Larkspur Mews',
      'Dana Manager',
      HOSTILE,
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});
