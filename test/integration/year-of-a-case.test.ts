import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitNotification } from '../../functions/notify/submit-notification.ts';
import type { SweepReport } from '../../functions/remind/sweep.ts';
import { parseStaffConfig } from '../../functions/staff/staff-config.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { type CaseChange, planCaseChange } from '../../shared/domain/case-change.ts';
import type { Actor } from '../../shared/domain/case-vocabulary.ts';
import { addDays, compareIsoDates, type IsoDate } from '../../shared/domain/local-date.ts';
import { instantAtLondonTime } from '../../shared/domain/london-clock.ts';
import { obligationLabel } from '../../shared/domain/obligation-labels.ts';
import type { Reminder } from '../../shared/domain/reminders.ts';
import {
  type CheckType,
  defaultReminderPolicy,
  defaultSchedulePolicy,
} from '../../shared/domain/statutory-clock.ts';
import { defaultCalendar } from '../../shared/domain/working-days.ts';
import { createNotificationQueue } from '../../shared/queue/notification-queue.ts';
import { type CaseRecords, createCaseRecords } from '../../shared/store/case-records.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { aNotification, CHILD_NAME } from '../fixtures/notifications.ts';
import { readMailbox, type SentEmail } from '../support/mailbox.ts';

/**
 * A simulated year of one case. The notification arrives on Thursday 18 March 2027 and is routed
 * by the real pipeline; staff then work the case through the functions the staff pages use
 * (planCaseChange and the case-records store, changes made at 14:00 London); the reminder sweep
 * runs every day at 08:05 London for a year. The test asserts exactly which reminders reached
 * the SES mailbox, on which day, for whom, at which stage, about what, and for which due date.
 *
 * The expected table is worked out by hand from the rules, not by calling the clock:
 * - working days skip weekends and England and Wales bank holidays: 2027 Good Friday 26 March,
 *   Easter Monday 29 March, 3 and 31 May, 30 August, 27 and 28 December (substitutes); 2028
 *   3 January (substitute). Christmas Eve is a working day;
 * - the initial visit is due on the 7th working day after the London date of receipt;
 * - regulation 8: the next visit is due 6 weeks after a visit in the first year (which runs from
 *   18 March 2027, the notification date) and 12 weeks after a visit in a later year;
 * - checks are due 10 working days after the initial visit (the council's policy); a DBS check
 *   recorded as delayed calls for an interim safety plan 5 working days after the check was due;
 *   a visit on request is due 7 working days after the request (local practice);
 * - reminders: "due soon" 2 working days before the due date, "due today" on it, "overdue" the
 *   day after, with an escalation to the designated manager, both repeated weekly until met.
 *   Due soon, due today and overdue go to the case's recipient: the team mailbox until the case
 *   is allocated, then the caseworker.
 */

const RECEIVED = '2027-03-18T10:00:00.000Z'; // Thursday 18 March 2027, 10:00 in London (GMT)
const FIRST_SWEEP: IsoDate = '2027-03-19';
const LAST_SWEEP: IsoDate = '2028-03-18'; // the first anniversary: 366 daily sweeps (2028 is leap)
const TEAM = 'front-door-north@anytown.example'; // the routing rule for the carer's AN1 postcode
const WORKER: Actor = { email: 'caseworker1@anytown.example', name: 'Casey Worker', role: 'caseworker' };
const MANAGER: Actor = { email: 'manager@anytown.example', name: 'Dana Manager', role: 'designated-manager' };
const DESIGNATED = 'front-door-manager@anytown.example'; // escalations (DESIGNATED_MANAGER_ADDRESS)
const CW = WORKER.email;

type Stage = Reminder['stage'];
interface Sent {
  on: IsoDate;
  to: string;
  stage: Stage;
  obligation: string;
  due: IsoDate;
}

/** What staff record, day by day (each at 14:00 London, after that morning's sweep). */
const checkDone = (checkType: CheckType, on: IsoDate): CaseChange => ({
  type: 'record-check',
  check: { checkType, requestedOn: '2027-03-31', completedOn: on, outcome: 'no-concerns' },
});
const visit = (
  date: IsoDate,
  kind: 'initial' | 'regulation-8' | 'requested' = 'regulation-8',
): CaseChange => ({
  type: 'record-visit',
  visit: { date, kind, childSeenAlone: true, matters: ['wishes-and-feelings'] },
});

const WORK: Record<IsoDate, { by: Actor; change: CaseChange }[]> = {
  // The front door decides the next day, the day it is due (Working Together 2023).
  '2027-03-19': [
    {
      by: MANAGER,
      change: { type: 'record-front-door-decision', frontDoor: { outcome: 'private-fostering' } },
    },
  ],
  // Allocated a week after receipt, once the due-soon reminder had gone to the team.
  '2027-03-25': [{ by: MANAGER, change: { type: 'allocate', caseworker: { email: CW, name: WORKER.name } } }],
  // The initial visit on Tuesday 30 March, a working day before it was due: on time.
  '2027-03-30': [{ by: WORKER, change: visit('2027-03-30', 'initial') }],
  // Seven checks done on Thursday 8 April, before their due-soon day.
  '2027-04-08': (
    [
      'dbs-carer',
      'police',
      'social-care-records',
      'previous-area-records',
      'reference-1',
      'health',
      'education',
    ] as const
  ).map((t) => ({ by: WORKER, change: checkDone(t, '2027-04-08') })),
  // The household DBS check is held up: recorded as delayed, so an interim safety plan is due.
  '2027-04-12': [
    {
      by: WORKER,
      change: {
        type: 'record-check',
        check: {
          checkType: 'dbs-household',
          requestedOn: '2027-03-31',
          delayed: true,
          delayReason: 'Awaiting the DBS; the police have been asked for an interim check.',
        },
      },
    },
  ],
  // The second reference comes in on its due date.
  '2027-04-13': [{ by: WORKER, change: checkDone('reference-2', '2027-04-13') }],
  '2027-04-19': [
    {
      by: WORKER,
      change: {
        type: 'record-safety-plan',
        plan: { agreedOn: '2027-04-19', notes: 'Interim police check clear; the adult son stays elsewhere.' },
      },
    },
  ],
  // The household DBS check is finally completed, 17 days late.
  '2027-04-30': [{ by: WORKER, change: checkDone('dbs-household', '2027-04-30') }],
  '2027-05-10': [{ by: WORKER, change: visit('2027-05-10') }],
  // The carer asks for a visit; it is made on the day it is due, on request.
  '2027-06-09': [
    {
      by: WORKER,
      change: { type: 'record-visit-request', request: { requestedOn: '2027-06-09', requestedBy: 'carer' } },
    },
  ],
  '2027-06-18': [{ by: WORKER, change: visit('2027-06-18', 'requested') }],
  '2027-07-30': [{ by: WORKER, change: visit('2027-07-30') }],
  // Late: due Friday 10 September, made Monday 20 September.
  '2027-09-20': [{ by: WORKER, change: visit('2027-09-20') }],
  '2027-10-28': [{ by: WORKER, change: visit('2027-10-28') }],
  // Early: before the due-soon day, so no reminder at all for that cycle.
  '2027-11-17': [{ by: WORKER, change: visit('2027-11-17') }],
  '2027-12-29': [{ by: WORKER, change: visit('2027-12-29') }],
  '2028-02-07': [{ by: WORKER, change: visit('2028-02-07') }],
  // On the first anniversary: a visit in the second year, so the next is 12 weeks on.
  '2028-03-18': [{ by: WORKER, change: visit('2028-03-18') }],
};

/** Every reminder expected to reach the mailbox, worked out by hand (see each comment). */
const EXPECTED: Sent[] = [
  // The front door's decision: due Fri 19 Mar, one working day after receipt. Its due-soon would
  // have fallen before the notification arrived, so it was never planned; due today goes to the
  // team that morning, and the decision that afternoon meets it.
  { on: '2027-03-19', to: TEAM, stage: 'due-today', obligation: 'front-door-decision', due: '2027-03-19' },
  // Initial visit: due Wed 31 Mar (Fri 19, Mon 22, Tue 23, Wed 24, Thu 25, Tue 30, Wed 31; Good
  // Friday and Easter Monday skipped). Due soon 2 working days before: Thu 25 Mar (Tue 30, Thu 25),
  // to the team: the case is allocated that afternoon. Met on 30 March: nothing more.
  { on: '2027-03-25', to: TEAM, stage: 'due-soon', obligation: 'initial-visit', due: '2027-03-31' },
  // Checks: 10 working days after the visit on Tue 30 Mar (31, 1, 2, 5, 6, 7, 8, 9, 12, 13 Apr):
  // due Tue 13 Apr; due soon Fri 9 Apr. Seven were done on 8 April. The second reference gets due
  // soon and due today and is done on 13 April. The household DBS check got its due soon, then was
  // recorded as delayed on 12 April: from then it is not chased as overdue (the record-check page
  // says so); the interim safety plan it calls for is reminded instead, until the check is done.
  { on: '2027-04-09', to: CW, stage: 'due-soon', obligation: 'check:dbs-household', due: '2027-04-13' },
  { on: '2027-04-09', to: CW, stage: 'due-soon', obligation: 'check:reference-2', due: '2027-04-13' },
  { on: '2027-04-13', to: CW, stage: 'due-today', obligation: 'check:reference-2', due: '2027-04-13' },
  // Interim safety plan: 5 working days after the DBS check's due date (14, 15, 16, 19, 20 Apr):
  // due Tue 20 Apr; due soon Fri 16 Apr (19, 16). Agreed on 19 April: nothing more.
  { on: '2027-04-16', to: CW, stage: 'due-soon', obligation: 'interim-safety-plan', due: '2027-04-20' },
  // Regulation 8: 30 Mar + 6 weeks = Tue 11 May; due soon Fri 7 May (10, 7). Visited 10 May.
  { on: '2027-05-07', to: CW, stage: 'due-soon', obligation: 'regulation-8-visit', due: '2027-05-11' },
  // 10 May + 6 weeks = Mon 21 Jun; due soon Thu 17 Jun (18, 17). The carer asked on Wed 9 Jun:
  // due 7 working days later, Fri 18 Jun (10, 11, 14, 15, 16, 17, 18); due soon Wed 16 Jun (17, 16).
  // The visit on request on 18 June meets the request and restarts the regulation 8 interval.
  { on: '2027-06-16', to: CW, stage: 'due-soon', obligation: 'requested-visit', due: '2027-06-18' },
  { on: '2027-06-17', to: CW, stage: 'due-soon', obligation: 'regulation-8-visit', due: '2027-06-21' },
  { on: '2027-06-18', to: CW, stage: 'due-today', obligation: 'requested-visit', due: '2027-06-18' },
  // 18 Jun + 6 weeks = Fri 30 Jul; due soon Wed 28 Jul (29, 28); visited on the day.
  { on: '2027-07-28', to: CW, stage: 'due-soon', obligation: 'regulation-8-visit', due: '2027-07-30' },
  { on: '2027-07-30', to: CW, stage: 'due-today', obligation: 'regulation-8-visit', due: '2027-07-30' },
  // 30 Jul + 6 weeks = Fri 10 Sep; due soon Wed 8 Sep (9, 8). Overdue from Saturday 11 Sep, and
  // again on Saturday 18 Sep; visited Monday 20 Sep.
  { on: '2027-09-08', to: CW, stage: 'due-soon', obligation: 'regulation-8-visit', due: '2027-09-10' },
  { on: '2027-09-10', to: CW, stage: 'due-today', obligation: 'regulation-8-visit', due: '2027-09-10' },
  { on: '2027-09-11', to: CW, stage: 'overdue', obligation: 'regulation-8-visit', due: '2027-09-10' },
  {
    on: '2027-09-11',
    to: DESIGNATED,
    stage: 'escalation',
    obligation: 'regulation-8-visit',
    due: '2027-09-10',
  },
  { on: '2027-09-18', to: CW, stage: 'overdue', obligation: 'regulation-8-visit', due: '2027-09-10' },
  {
    on: '2027-09-18',
    to: DESIGNATED,
    stage: 'escalation',
    obligation: 'regulation-8-visit',
    due: '2027-09-10',
  },
  // 20 Sep + 6 weeks = Mon 1 Nov; due soon Thu 28 Oct (29, 28); visited that afternoon.
  { on: '2027-10-28', to: CW, stage: 'due-soon', obligation: 'regulation-8-visit', due: '2027-11-01' },
  // 28 Oct + 6 weeks = Thu 9 Dec (due soon Tue 7 Dec): visited early on 17 Nov, nothing sent.
  // 17 Nov + 6 weeks = Wed 29 Dec; due soon Thu 23 Dec (Fri 24 Dec; 27 and 28 Dec are holidays).
  { on: '2027-12-23', to: CW, stage: 'due-soon', obligation: 'regulation-8-visit', due: '2027-12-29' },
  { on: '2027-12-29', to: CW, stage: 'due-today', obligation: 'regulation-8-visit', due: '2027-12-29' },
  // 29 Dec + 6 weeks = Wed 9 Feb 2028; due soon Mon 7 Feb (8, 7); visited that afternoon.
  { on: '2028-02-07', to: CW, stage: 'due-soon', obligation: 'regulation-8-visit', due: '2028-02-09' },
  // 7 Feb is in the first year: + 6 weeks = Mon 20 Mar 2028 (29 February counted), after the
  // anniversary; due soon Thu 16 Mar (17, 16). Visited on Saturday 18 March, the anniversary.
  { on: '2028-03-16', to: CW, stage: 'due-soon', obligation: 'regulation-8-visit', due: '2028-03-20' },
];

// ---------------------------------------------------------------------------------------------

const STAGE_HEADINGS: Record<string, Stage> = {
  'Due soon': 'due-soon',
  'Due today': 'due-today',
  OVERDUE: 'overdue',
  'OVERDUE (escalated to you as designated manager)': 'escalation',
};
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const OBLIGATION_OF = new Map(
  [
    'front-door-decision',
    'initial-visit',
    'regulation-8-visit',
    'requested-visit',
    'interim-safety-plan',
    'end-review',
    'arrangement-end',
    ...defaultSchedulePolicy.checks.map((c) => `check:${c.type}`),
  ].map((kind) => [obligationLabel(kind), kind]),
);

/**
 * The reminders in one digest, read back from its text as a person would read it: under
 * "Case: <reference>", one "- <stage>: <what>" line per item with its "Due by:" line beneath.
 */
function remindersIn(email: SentEmail, on: IsoDate, reference: string): Sent[] {
  const lines = (email.body.text ?? '').split('\n');
  expect(lines).toContain(`Case: ${reference}`);
  const items: Sent[] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith('- ')) return;
    const heading = line.slice(2);
    const split = heading.indexOf(': ');
    const stage = STAGE_HEADINGS[heading.slice(0, split)];
    const obligation = OBLIGATION_OF.get(heading.slice(split + 2));
    const dueText = (lines[i + 1] ?? '').replace(/^ {2}Due by: /, '').replace(/ \(\d+ days? ago\)$/, '');
    const [day, month, year] = dueText.split(' ');
    const due = `${year}-${String(MONTHS.indexOf(month ?? '') + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (!stage || !obligation) throw new Error(`Unreadable reminder heading: ${heading}`);
    items.push({ on, to: email.destination.to[0] ?? '', stage, obligation, due });
  });
  return items;
}

const order = (a: Sent, b: Sent) =>
  a.on.localeCompare(b.on) ||
  a.obligation.localeCompare(b.obligation) ||
  a.to.localeCompare(b.to) ||
  a.stage.localeCompare(b.stage);

let stack: LocalStack;
let records: CaseRecords;
let ids = 0;

beforeAll(async () => {
  stack = await startLocalStack({ schedules: false });
  records = createCaseRecords(stack.db, stack.tableName);
});
afterAll(async () => {
  await stack?.stop();
});

async function applyAt(reference: string, day: IsoDate, by: Actor, change: CaseChange) {
  const snapshot = await records.load(reference);
  if (!snapshot) throw new Error(`No case ${reference}`);
  const plan = planCaseChange(snapshot, change, {
    actor: by,
    now: instantAtLondonTime(day, 14),
    designatedManager: parseStaffConfig(process.env).designatedManager,
    calendar: defaultCalendar,
    schedulePolicy: defaultSchedulePolicy,
    reminderPolicy: defaultReminderPolicy,
    newId: () => `year-${++ids}`,
  });
  await records.apply(plan);
}

describe('a simulated year of a case', () => {
  it('sends exactly the reminders the rules call for, on their days, to the right people', async () => {
    const notification = aNotification({ receivedAt: RECEIVED });
    const reference = notification.reference;
    await submitNotification(notification, {
      notifications: createNotificationStore(stack.db, stack.tableName),
      queue: createNotificationQueue(stack.sqs, stack.notificationQueue.url),
      now: () => new Date(RECEIVED),
    });
    // Routed by the queue poller: wait for the case.
    for (let i = 0; i < 200 && !(await records.load(reference)); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await records.load(reference))?.caseRecord.mailbox).toBe(TEAM);

    const isDigest = (e: SentEmail) => /^(Overdue: )?Private fostering: \d+ items? due$/.test(e.subject);
    const seen = new Set((await readMailbox(stack.mailboxUrl)).map((e) => e.messageId));
    const sent: Sent[] = [];
    let sweeps = 0;
    for (let day = FIRST_SWEEP; compareIsoDates(day, LAST_SWEEP) <= 0; day = addDays(day, 1)) {
      const report = (await stack.invoke('functions/remind/handler.ts', {
        scheduledTime: new Date(instantAtLondonTime(day, 8).getTime() + 5 * 60_000).toISOString(),
      })) as SweepReport;
      sweeps++;
      expect(report.remindersFailed).toBe(0);
      // Reads grow with what is due, not with the days gone by or the items the case holds.
      expect(report.itemsRead).toBe(report.due);
      if (report.emailsSent > 0) {
        const fresh = (await readMailbox(stack.mailboxUrl)).filter((e) => !seen.has(e.messageId));
        for (const e of fresh) seen.add(e.messageId);
        const digests = fresh.filter(isDigest);
        // One digest per recipient per sweep.
        expect(digests).toHaveLength(report.emailsSent);
        expect(new Set(digests.map((e) => e.destination.to[0])).size).toBe(digests.length);
        for (const e of digests) {
          expect(e.body.text).not.toContain(CHILD_NAME);
          sent.push(...remindersIn(e, day, reference));
        }
        expect(sent.filter((s) => s.on === day)).toHaveLength(report.remindersSent);
      }
      for (const { by, change } of WORK[day] ?? []) await applyAt(reference, day, by, change);
    }

    expect(sweeps).toBe(366);
    expect(sent.sort(order)).toEqual([...EXPECTED].sort(order));
    expect(sent).toHaveLength(23);

    // After the anniversary visit: met and scheduled 12 weeks on (regulation 8(1)(b)), with its
    // reminders waiting; nothing else open until the end review in 2030.
    const snapshot = await records.load(reference);
    const r8 = snapshot?.obligations.find((o) => o.kind === 'regulation-8-visit');
    expect(r8).toMatchObject({ due: '2028-06-10', status: 'open' });
    expect(r8?.basis).toContain('12 weeks after the last visit on 18 March 2028');
    expect(r8?.basis).toContain('second year');
    const waiting = (snapshot?.reminders ?? [])
      .filter((r) => r.state === 'pending')
      .map((r) => `${r.reminderId} ${r.dueAt}`)
      .sort();
    expect(waiting).toEqual(
      [
        'end-review#due-soon 2030-02-05T08:00:00.000Z',
        'end-review#due-today 2030-02-07T08:00:00.000Z',
        'end-review#escalation 2030-02-08T08:00:00.000Z',
        'end-review#overdue 2030-02-08T08:00:00.000Z',
        // Due Saturday 10 June 2028: due soon Thursday 8 June (Fri 9, Thu 8), 08:00 BST.
        'regulation-8-visit#due-soon 2028-06-08T07:00:00.000Z',
        'regulation-8-visit#due-today 2028-06-10T07:00:00.000Z',
        'regulation-8-visit#escalation 2028-06-11T07:00:00.000Z',
        'regulation-8-visit#overdue 2028-06-11T07:00:00.000Z',
      ]
        .concat([
          'arrangement-end#due-soon 2030-04-30T07:00:00.000Z',
          'arrangement-end#due-today 2030-05-02T07:00:00.000Z',
          'arrangement-end#escalation 2030-05-03T07:00:00.000Z',
          'arrangement-end#overdue 2030-05-03T07:00:00.000Z',
        ])
        .sort(),
    );
    const status = Object.fromEntries((snapshot?.obligations ?? []).map((o) => [o.kind, o.status]));
    expect(status).toMatchObject({
      'initial-visit': 'met',
      'requested-visit': 'met',
      'interim-safety-plan': 'met',
      'check:dbs-household': 'met',
      'check:reference-2': 'met',
    });
  }, 300_000);
});
