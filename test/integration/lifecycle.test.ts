import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../functions/remind/sweep.ts';
import type { Emulators } from '../../infra/local/emulators.ts';
import type { LocalOidcProvider } from '../../infra/local/oidc-provider.ts';
import type { Notification } from '../../shared/domain/notification.ts';
import { createMailer, createSesClient } from '../../shared/mail/mailer.ts';
import { createNotificationQueue, createSqsClient } from '../../shared/queue/notification-queue.ts';
import { createDigestLedger } from '../../shared/store/digest-ledger.ts';
import { createDueIndex } from '../../shared/store/due-index.ts';
import { createReminderStore } from '../../shared/store/reminder-store.ts';
import { aNotification } from '../fixtures/notifications.ts';
import { clearMailbox, readMailbox } from '../support/mailbox.ts';
import { caseItems, type StaffTestbed, seedCase, startStaffTestbed } from '../support/staff-app.ts';
import { csrfOf, STAFF_BASE, type StaffHandler, staffClient } from '../support/staff-client.ts';

/**
 * The arrangement's lifecycle through the staff pages, against DynamoDB Local, the SES emulator
 * and the local OIDC provider: a proposal notified, its move-in recorded (regulation 6), a visit
 * after it, then a corrected date of birth that makes the child 16 before the next visit is due
 * (s.66). Each step is made on its own fixed day (the staff function's clock is set per step), and
 * the schedule and the reminders are read back from the table, as the sweep would find them.
 */
const TABLE = 'lifecycle-test';
const MANAGER_MAILBOX = 'front-door-manager@anytown.example';
const MANAGER = 'manager@anytown.example';

let emulators: Emulators;
let oidc: LocalOidcProvider;
let db: DynamoDBDocumentClient;
let handler: StaffHandler;
let queueUrl: string;
/** The staff function's clock: each step sets the day it happens on. */
let clock = new Date('2026-11-02T12:00:00.000Z');

/** Notified Mon 2 Nov 2026: the child has not moved in yet (regulation 3). Born 2 May 2014. */
const proposal = aNotification({
  receivedAt: '2026-11-02T10:00:00.000Z',
  arrangement: { childLivesThereNow: 'no', startDate: '2026-11-14', immediateSafetyConcern: false },
});
/** Another proposal, which never goes ahead. */
const neverStarted = aNotification({
  receivedAt: '2026-11-03T10:00:00.000Z',
  arrangement: { childLivesThereNow: 'no', immediateSafetyConcern: false },
});
/** Already running; the notifier did not know whether the child is disabled. */
const undecided = aNotification({
  receivedAt: '2026-11-04T10:00:00.000Z',
  child: { name: 'A Child', dateOfBirth: '2012-06-01', disabled: 'unknown' },
});

/** Routed: its outbox entry leaves the due index, so the sweep below finds only reminders. */
const seed = (notification: Notification) =>
  seedCase(db, TABLE, notification, { designatedManager: MANAGER_MAILBOX, routed: true });

let bed: StaffTestbed;
beforeAll(async () => {
  bed = await startStaffTestbed({
    table: TABLE,
    designatedManager: MANAGER_MAILBOX,
    now: () => new Date(clock),
    env: {
      STAFF_DIRECTORY: JSON.stringify([
        { email: 'manager@anytown.example', name: 'Dana Manager', role: 'designated-manager' },
      ]),
    },
    seed: async (table) => {
      db = table;
      for (const n of [proposal, neverStarted, undecided]) await seed(n);
    },
  });
  ({ emulators, oidc, handler } = bed);
  const sqs = createSqsClient(emulators.sqsEndpoint);
  queueUrl =
    (await sqs.send(new CreateQueueCommand({ QueueName: 'lifecycle-notifications' }))).QueueUrl ?? '';
});

afterAll(() => bed?.stop());

// ---- HTTP -----------------------------------------------------------------------------------------

const { call, signInAs } = staffClient({ handler: () => handler, oidc: () => oidc });

/** A manager's session signed in on the clock's current moment: sessions expire, so one per step. */
const sessions = new Map<number, Promise<string>>();
const manager = () => {
  let session = sessions.get(clock.getTime());
  if (!session) {
    session = signInAs(MANAGER);
    sessions.set(clock.getTime(), session);
  }
  return session;
};

/** Opens a case form on `day` (noon UTC), then posts `fields` with the form's token. */
async function submitOn(day: string, reference: string, action: string, fields: Record<string, string>) {
  clock = new Date(`${day}T12:00:00.000Z`);
  const cookie = await manager();
  const form = await call('GET', `/staff/cases/${reference}/${action}`, { cookies: [cookie] });
  expect(form.status, `${action} form`).toBe(200);
  return call('POST', `/staff/cases/${reference}/${action}`, {
    cookies: [cookie],
    form: { csrfToken: csrfOf(form.body), ...fields },
  });
}

const dateFields = (name: string, iso: string) => ({
  [`${name}-day`]: String(Number(iso.slice(8, 10))),
  [`${name}-month`]: String(Number(iso.slice(5, 7))),
  [`${name}-year`]: iso.slice(0, 4),
});

async function casePage(reference: string) {
  const page = await call('GET', `/staff/cases/${reference}`, { cookies: [await manager()] });
  expect(page.status).toBe(200);
  // The page's words without its markup, to read as a person would.
  return page.body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
}

const itemsOf = (reference: string) => caseItems(db, TABLE, reference, true);
const obligationOf = async (reference: string, kind: string) =>
  (await itemsOf(reference)).find((i) => i.sk === `OBLIGATION#${kind}`);
/** Reminders of one obligation still waiting for the sweep: pending and in the due index. */
const waiting = async (reference: string, kind: string) =>
  (await itemsOf(reference))
    .filter((i) => String(i.sk).startsWith(`REMINDER#${kind}#`) && i.state === 'pending' && i.gsi1pk)
    .map((i) => String(i.sk).slice('REMINDER#'.length))
    .sort();

// ---- the lifecycle -------------------------------------------------------------------------------

describe('a proposal through its move-in to the end at 16, through the staff pages', () => {
  const ref = proposal.reference;

  it('opens as a proposal: the regulation 4 visit, and no regulation 8 visit after the pre-placement visit', async () => {
    clock = new Date('2026-11-02T12:00:00.000Z');
    let text = await casePage(ref);
    expect(text).toContain('Arrangement Proposed: the child has not moved in yet');
    expect(text).toContain('Moved in Not yet recorded');
    expect(text).toContain('Privately fostered until 2 May 2030, the 16th birthday');
    expect(text).toContain('Record that the child has moved in');
    expect((await obligationOf(ref, 'initial-visit'))?.basis).toContain('regulation 4');

    const visit = await submitOn('2026-11-05', ref, 'record-visit', {
      ...dateFields('date', '2026-11-05'),
      kind: 'initial',
      childSeenAlone: 'yes',
    });
    expect(visit.status).toBe(303);
    expect(await obligationOf(ref, 'initial-visit')).toMatchObject({ status: 'met', metOn: '2026-11-05' });
    expect(await obligationOf(ref, 'regulation-8-visit')).toBeUndefined();
    text = await casePage(ref);
    expect(text).not.toContain('Next regulation 8 visit');
  });

  it('refuses a move-in the council heard of before the notification, with the form shown again', async () => {
    const early = await submitOn('2026-11-16', ref, 'record-move-in', dateFields('toldOn', '2026-11-01'));
    expect(early.status).toBe(400);
    expect(early.body).toContain('govuk-error-summary');
    expect(early.body).toContain('Date the council was told must be on or after 2 November 2026');
    expect((await itemsOf(ref)).some((i) => i.sk === 'MOVE-IN')).toBe(false);
  });

  it('records the move-in: the move-in visit (regulation 7) is due, with its reminders', async () => {
    const res = await submitOn('2026-11-16', ref, 'record-move-in', {
      ...dateFields('toldOn', '2026-11-16'),
      ...dateFields('movedInOn', '2026-11-14'),
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/staff/cases/${ref}?done=record-move-in`);
    // Told Mon 16 Nov: 7 working days on is Wed 25 Nov.
    expect(await obligationOf(ref, 'move-in-visit')).toMatchObject({ status: 'open', due: '2026-11-25' });
    expect(await waiting(ref, 'move-in-visit')).toEqual([
      'move-in-visit#due-soon',
      'move-in-visit#due-today',
      'move-in-visit#escalation',
      'move-in-visit#overdue',
    ]);
    const caseItem = (await itemsOf(ref)).find((i) => i.sk === 'CASE');
    expect(caseItem?.summary).toMatchObject({ arrangement: 'proposed', movedInOn: '2026-11-16' });
    const text = await casePage(ref);
    expect(text).toContain(
      'Moved in Council told on 16 November 2026 (regulation 6) Moved in on 14 November 2026',
    );
    expect(text).toContain('Visit after the child moved in');
    expect(text).toContain('Council told on 16 November 2026 that the child has moved in (regulation 6)');
  });

  it('meets the move-in visit with the next visit, which starts the regulation 8 visits; the reminders follow', async () => {
    const res = await submitOn('2026-11-18', ref, 'record-visit', {
      ...dateFields('date', '2026-11-18'),
      kind: 'regulation-8',
      childSeenAlone: 'yes',
    });
    expect(res.status).toBe(303);
    expect(await obligationOf(ref, 'move-in-visit')).toMatchObject({ status: 'met', metOn: '2026-11-18' });
    expect(await obligationOf(ref, 'regulation-8-visit')).toMatchObject({
      status: 'open',
      due: '2026-12-30',
    });
    expect(await waiting(ref, 'move-in-visit')).toEqual([]);
    expect(await waiting(ref, 'regulation-8-visit')).toEqual([
      'regulation-8-visit#due-soon',
      'regulation-8-visit#due-today',
      'regulation-8-visit#escalation',
      'regulation-8-visit#overdue',
    ]);
  });

  it('a corrected date of birth making the child 16 on 20 December cancels the visit due after it, and its reminders', async () => {
    const res = await submitOn('2026-11-20', ref, 'correct-child-details', {
      ...dateFields('dateOfBirth', '2010-12-20'),
      disability: 'no',
      notes: 'Birth certificate seen',
    });
    expect(res.status).toBe(303);
    const next = await obligationOf(ref, 'regulation-8-visit');
    expect(next).toMatchObject({ status: 'cancelled', due: '2026-12-30' });
    expect(next?.basis).toContain('Not owed: the child reached 16 on 20 December 2026');
    expect(await waiting(ref, 'regulation-8-visit')).toEqual([]);
    // Cancelled in place and taken out of the due index: the sweep never reads them.
    const cancelled = (await itemsOf(ref)).filter((i) =>
      String(i.sk).startsWith('REMINDER#regulation-8-visit#'),
    );
    expect(cancelled.length).toBeGreaterThan(0);
    for (const r of cancelled) {
      expect(r.state).toBe('cancelled');
      expect(r.gsi1pk).toBeUndefined();
    }
    // Every open obligation is due before the birthday, except the end itself.
    for (const o of (await itemsOf(ref)).filter((i) => String(i.sk).startsWith('OBLIGATION#'))) {
      if (o.status === 'open' && o.kind !== 'arrangement-end')
        expect(o.due < '2026-12-20', o.kind).toBe(true);
    }
    const text = await casePage(ref);
    expect(text).toContain('Privately fostered until 20 December 2026, the 16th birthday');
    expect(text).toContain("Child's details corrected: date of birth 20 December 2010");
  });

  it('the sweep after the birthday neither reminds of nor escalates the cancelled visit', async () => {
    await clearMailbox(emulators.sesEndpoint);
    const report = await sweep(new Date('2027-01-06T10:00:00.000Z'), {
      dueIndex: createDueIndex(db, TABLE),
      reminders: createReminderStore(db, TABLE),
      digests: createDigestLedger(db, TABLE),
      mailer: createMailer(createSesClient(emulators.sesEndpoint), 'private-fostering@anytown.example'),
      queue: createNotificationQueue(createSqsClient(emulators.sqsEndpoint), queueUrl),
      councilName: 'Anytown Council',
      staffBaseUrl: STAFF_BASE,
      designatedManager: MANAGER_MAILBOX,
    });
    expect(report.remindersSent).toBeGreaterThan(0);
    const about = (await readMailbox(emulators.sesEndpoint)).filter((e) => e.body.text?.includes(ref));
    // Other duties of the case are overdue and escalated: the sweep ran for it.
    expect(about.some((e) => e.destination.to.includes(MANAGER_MAILBOX))).toBe(true);
    expect(about.some((e) => e.body.text?.includes('Private fostering ends (age)'))).toBe(true);
    for (const e of about) expect(e.body.text).not.toContain('Next regulation 8 visit');
    expect(await waiting(ref, 'regulation-8-visit')).toEqual([]);
  });
});

describe('a proposal that never goes ahead', () => {
  it('closes with that reason, offered first on the end form, and cancels what was due', async () => {
    const ref = neverStarted.reference;
    clock = new Date('2026-11-20T12:00:00.000Z');
    const form = await call('GET', `/staff/cases/${ref}/record-end`, { cookies: [await manager()] });
    const first = /name="reason" type="radio" value="([^"]+)"/.exec(form.body)?.[1];
    expect(first).toBe('did-not-go-ahead');
    const res = await submitOn('2026-11-20', ref, 'record-end', {
      ...dateFields('endedOn', '2026-11-20'),
      reason: 'did-not-go-ahead',
    });
    expect(res.status).toBe(303);
    const caseItem = (await itemsOf(ref)).find((i) => i.sk === 'CASE');
    expect(caseItem).toMatchObject({
      status: 'ended',
      summary: { endReason: 'did-not-go-ahead', arrangement: 'proposed' },
    });
    expect(await waiting(ref, 'initial-visit')).toEqual([]);
    expect(await casePage(ref)).toContain(
      'The proposed arrangement did not go ahead: the child never moved in',
    );
  });

  it('is not offered for an arrangement already running, and a post of it is refused', async () => {
    const ref = undecided.reference;
    clock = new Date('2026-11-20T12:00:00.000Z');
    const form = await call('GET', `/staff/cases/${ref}/record-end`, { cookies: [await manager()] });
    expect(form.body).not.toContain('value="did-not-go-ahead"');
    const res = await submitOn('2026-11-20', ref, 'record-end', {
      ...dateFields('endedOn', '2026-11-20'),
      reason: 'did-not-go-ahead',
    });
    expect(res.status).toBe(400);
    expect((await itemsOf(ref)).find((i) => i.sk === 'CASE')?.status).toBe('open');
  });
});

describe('disability is the council’s judgement (s.17(11))', () => {
  it('assumes 16 while undecided, and moves the end to 18 once staff decide', async () => {
    const ref = undecided.reference;
    clock = new Date('2026-11-20T12:00:00.000Z');
    let text = await casePage(ref);
    expect(text).toContain(
      'Privately fostered until 1 June 2028, the 16th birthday Assumes 16 until disability is decided (s.17(11))',
    );
    expect(text).toContain('Arrangement Running: the child already lives with the carer');
    expect(text).not.toContain('Record that the child has moved in');
    const form = await call('GET', `/staff/cases/${ref}/correct-child-details`, {
      cookies: [await manager()],
    });
    expect(form.body).toMatch(/value="undecided" checked/);
    const res = await submitOn('2026-11-20', ref, 'correct-child-details', {
      ...dateFields('dateOfBirth', '2012-06-01'),
      disability: 'yes',
    });
    expect(res.status).toBe(303);
    text = await casePage(ref);
    expect(text).toContain('Privately fostered until 1 June 2030, the 18th birthday (disabled, s.17(11))');
    expect(await obligationOf(ref, 'arrangement-end')).toMatchObject({ due: '2030-06-01', status: 'open' });
  });

  it('lets staff correct the stage: a running arrangement corrected to a proposal owes no regulation 8 visit yet', async () => {
    const ref = undecided.reference;
    await submitOn('2026-11-20', ref, 'record-visit', {
      ...dateFields('date', '2026-11-10'),
      kind: 'initial',
      childSeenAlone: 'yes',
    });
    expect(await obligationOf(ref, 'regulation-8-visit')).toMatchObject({ status: 'open' });
    const res = await submitOn('2026-11-20', ref, 'correct-arrangement', { stage: 'proposed' });
    expect(res.status).toBe(303);
    expect(await obligationOf(ref, 'regulation-8-visit')).toBeUndefined();
    expect(await waiting(ref, 'regulation-8-visit')).toEqual([]);
    const text = await casePage(ref);
    expect(text).toContain('Arrangement corrected: Proposed: the child has not moved in yet');
    expect(text).toContain('Record that the child has moved in');
  });
});
