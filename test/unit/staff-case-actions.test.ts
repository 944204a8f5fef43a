import { describe, expect, it } from 'vitest';
import {
  CaseChangeRefusedError,
  type ChangeContext,
  diffReminders,
  oneRequestedVisit,
  planCaseChange,
  planItemCount,
} from '../../shared/domain/case-change.ts';
import { planCaseOpening } from '../../shared/domain/case-opening.ts';
import { type Actor, describeEvent } from '../../shared/domain/case-vocabulary.ts';
import type { Reminder } from '../../shared/domain/reminders.ts';
import { canChangeCase, canViewCase, roleFromGroups } from '../../shared/domain/staff-access.ts';
import {
  CHECK_TYPES,
  defaultReminderPolicy,
  defaultSchedulePolicy,
  type Obligation,
} from '../../shared/domain/statutory-clock.ts';
import type { CaseSnapshot } from '../../shared/domain/stored-case.ts';
import { defaultCalendar } from '../../shared/domain/working-days.ts';
import { nothingRecorded } from '../fixtures/case-snapshot.ts';
import { aNotification } from '../fixtures/notifications.ts';

const MANAGER: Actor = { email: 'manager@anytown.example', name: 'Dana Manager', role: 'designated-manager' };
const WORKER: Actor = { email: 'caseworker1@anytown.example', name: 'Casey Worker', role: 'caseworker' };
const MANAGER_MAILBOX = 'front-door-manager@anytown.example';

/** A case as the route function opens it: received Mon 2 Nov 2026, initial visit due Wed 11 Nov. */
function openedCase(): CaseSnapshot {
  const notification = aNotification({ receivedAt: '2026-11-02T10:00:00.000Z' });
  const plan = planCaseOpening(notification, {
    routingRules: [{ postcodePrefix: 'AN1', mailbox: 'front-door-north@anytown.example' }],
    designatedManager: MANAGER_MAILBOX,
    calendar: defaultCalendar,
    reminderPolicy: defaultReminderPolicy,
  });
  return {
    caseRecord: { ...plan.caseRecord, nextDue: '2026-11-11' },
    notification,
    obligations: plan.obligations,
    reminders: plan.reminders,
    ...nothingRecorded(),
  };
}

let ids = 0;
const ctx = (actor: Actor, now = '2026-11-06T12:00:00.000Z'): ChangeContext => ({
  actor,
  now: new Date(now),
  designatedManager: MANAGER_MAILBOX,
  calendar: defaultCalendar,
  schedulePolicy: defaultSchedulePolicy,
  reminderPolicy: defaultReminderPolicy,
  newId: () => `id-${++ids}`,
});

describe('allocating a case', () => {
  const snapshot = openedCase();
  const plan = planCaseChange(
    snapshot,
    { type: 'allocate', caseworker: { email: 'Caseworker1@Anytown.example', name: 'Casey Worker' } },
    ctx(MANAGER),
  );

  it('allocates, bumps the version and records who did it', () => {
    expect(plan.expectedVersion).toBe(0);
    expect(plan.caseUpdate).toMatchObject({
      allocatedTo: 'caseworker1@anytown.example',
      version: 1,
      status: 'open',
    });
    expect(plan.event).toMatchObject({
      event: 'case-allocated',
      by: MANAGER.email,
      details: { allocatedTo: 'caseworker1@anytown.example' },
    });
    expect(plan.record).toBeUndefined();
  });

  it('re-addresses the pending reminders to the caseworker, not the escalation', () => {
    const repointed = plan.reminderRecipientUpdates.map((u) => u.reminderId).sort();
    // The case opens with the front door's decision too (its "due soon" fell before the notification).
    expect(repointed).toEqual([
      'front-door-decision#due-today',
      'front-door-decision#overdue',
      'initial-visit#due-soon',
      'initial-visit#due-today',
      'initial-visit#overdue',
    ]);
    for (const u of plan.reminderRecipientUpdates) expect(u.recipient).toBe('caseworker1@anytown.example');
    expect(plan.reminderCancels).toEqual([]);
  });

  it('starts tracking the checks the policy requires, with their reminders', () => {
    const kinds = plan.obligationPuts.map((o) => o.kind);
    expect(kinds).toContain('check:dbs-carer');
    expect(kinds).not.toContain('initial-visit'); // unchanged: not rewritten
    expect(kinds).not.toContain('check:cafcass'); // optional and not recorded
    const newIds = plan.reminderPuts.map((r) => r.reminderId);
    expect(newIds).toContain('check:police#due-soon');
    expect(
      plan.reminderPuts.every(
        (r) => r.audience === 'manager' || r.recipient === 'caseworker1@anytown.example',
      ),
    ).toBe(true);
    // The front door's decision (one working day after 2 November: Working Together 2023) comes
    // first while it is not recorded; then the initial visit on 11 November. The case opened with
    // it, so it is not rewritten.
    expect(kinds).not.toContain('front-door-decision');
    expect(plan.caseUpdate.nextDue).toBe('2026-11-03');
    expect(planItemCount(plan)).toBeLessThanOrEqual(100);
  });
});

describe('recording the initial visit', () => {
  const snapshot = openedCase();
  const plan = planCaseChange(
    snapshot,
    {
      type: 'record-visit',
      visit: { date: '2026-11-05', kind: 'initial', childSeenAlone: true, matters: ['health'] },
    },
    ctx(WORKER),
  );

  it('meets the initial visit and schedules the next regulation 8 visit 6 weeks on', () => {
    const byKind = new Map(plan.obligationPuts.map((o) => [o.kind, o]));
    expect(byKind.get('initial-visit')).toMatchObject({ status: 'met', metOn: '2026-11-05' });
    expect(byKind.get('regulation-8-visit')).toMatchObject({ status: 'open', due: '2026-12-17' });
    expect(byKind.get('regulation-8-visit')?.basis).toContain(
      '6 weeks after the last visit on 5 November 2026',
    );
  });

  it("cancels the initial visit's reminders and adds the next visit's", () => {
    expect(plan.reminderCancels.sort()).toEqual([
      'initial-visit#due-soon',
      'initial-visit#due-today',
      'initial-visit#escalation',
      'initial-visit#overdue',
    ]);
    expect(plan.reminderPuts.map((r) => r.reminderId)).toContain('regulation-8-visit#due-today');
  });

  it('writes the visit record and an event', () => {
    expect(plan.record?.sk).toMatch(/^VISIT#2026-11-05#id-/);
    expect(plan.record?.item).toMatchObject({ type: 'visit', kind: 'initial', recordedBy: WORKER.email });
    expect(plan.event).toMatchObject({
      event: 'visit-recorded',
      details: { date: '2026-11-05', kind: 'initial', childSeenAlone: true },
    });
    expect(plan.caseUpdate.summary.visits).toEqual([
      { date: '2026-11-05', kind: 'initial', seenAlone: true },
    ]);
  });
});

describe('recording the end', () => {
  it('cancels every open obligation and every pending reminder', () => {
    const plan = planCaseChange(
      openedCase(),
      { type: 'record-end', end: { endedOn: '2026-11-04', reason: 'returned-home' } },
      ctx(WORKER),
    );
    expect(plan.caseUpdate.status).toBe('ended');
    expect(plan.caseUpdate.nextDue).toBeUndefined();
    expect(plan.obligationPuts.every((o) => o.status !== 'open')).toBe(true);
    expect(plan.reminderPuts).toEqual([]);
    // The initial visit's three stages and escalation, the front door's two and escalation.
    expect(plan.reminderCancels).toHaveLength(7);
    expect(plan.caseUpdate.summary).toMatchObject({ endedOn: '2026-11-04', endReason: 'returned-home' });
  });

  it('refuses changes to an ended case, except the decision', () => {
    const snapshot = openedCase();
    snapshot.end = {
      endedOn: '2026-11-04',
      reason: 'returned-home',
      recordedBy: WORKER.email,
      recordedAt: '2026-11-05T09:00:00Z',
    };
    expect(() =>
      planCaseChange(snapshot, { type: 'allocate', caseworker: { email: WORKER.email } }, ctx(MANAGER)),
    ).toThrow(CaseChangeRefusedError);
    const decision = planCaseChange(
      snapshot,
      { type: 'record-decision', decision: { decidedOn: '2026-11-05', outcome: 'suitable' } },
      ctx(MANAGER),
    );
    expect(decision.caseUpdate.summary).toMatchObject({ decidedOn: '2026-11-05', decision: 'suitable' });
  });
});

describe('a recorded check', () => {
  it('replaces an earlier record of the same check and meets its obligation', () => {
    const plan = planCaseChange(
      openedCase(),
      {
        type: 'record-check',
        check: {
          checkType: 'police',
          requestedOn: '2026-11-03',
          completedOn: '2026-11-05',
          outcome: 'no-concerns',
        },
      },
      ctx(WORKER),
    );
    expect(plan.record).toMatchObject({ sk: 'CHECK#police', item: { type: 'check', checkType: 'police' } });
    expect(plan.obligationPuts.find((o) => o.kind === 'check:police')).toMatchObject({
      status: 'met',
      metOn: '2026-11-05',
    });
  });

  it('stays within one transaction with every optional check recorded', () => {
    const snapshot = openedCase();
    snapshot.checks = CHECK_TYPES.map((t) => ({
      checkType: t,
      requestedOn: '2026-11-03',
      recordedBy: 'x',
      recordedAt: 'y',
    }));
    const plan = planCaseChange(
      snapshot,
      { type: 'allocate', caseworker: { email: WORKER.email } },
      ctx(MANAGER),
    );
    expect(planItemCount(plan)).toBeLessThanOrEqual(100);
  });
});

/** Applies a plan to a snapshot as the store would, so several changes can follow one another. */
function applied(snapshot: CaseSnapshot, plan: ReturnType<typeof planCaseChange>): CaseSnapshot {
  const obligations = new Map(snapshot.obligations.map((o) => [o.kind, o]));
  for (const o of plan.obligationPuts) obligations.set(o.kind, o);
  for (const k of plan.obligationDeletes) obligations.delete(k as Obligation['kind']);
  const reminders = new Map(snapshot.reminders.map((r) => [r.reminderId, r]));
  for (const r of plan.reminderPuts) reminders.set(r.reminderId, r);
  for (const id of plan.reminderCancels) {
    const r = reminders.get(id);
    if (r) reminders.set(id, { ...r, state: 'cancelled' });
  }
  const item = plan.record?.item ?? {};
  const next: CaseSnapshot = {
    ...snapshot,
    caseRecord: { ...snapshot.caseRecord, ...plan.caseUpdate },
    obligations: [...obligations.values()],
    reminders: [...reminders.values()],
  };
  if (item.type === 'visit') next.visits = [...snapshot.visits, item as never];
  if (item.type === 'visit-request') next.visitRequests = [...snapshot.visitRequests, item as never];
  if (item.type === 'check')
    next.checks = [...snapshot.checks.filter((c) => c.checkType !== item.checkType), item as never];
  if (item.type === 'safety-plan') next.safetyPlan = item as never;
  return next;
}

describe('a visit asked for by the child, the carer or a parent', () => {
  const snapshot = openedCase();
  const plan = planCaseChange(
    snapshot,
    {
      type: 'record-visit-request',
      request: { requestedOn: '2026-11-05', requestedBy: 'carer', notes: 'Wants to talk about school' },
    },
    ctx(WORKER),
  );

  it('adds a requested-visit obligation 7 working days on, with reminders', () => {
    // Thu 5 Nov 2026 + 7 working days: 6, 9, 10, 11, 12, 13, 16 November.
    expect(plan.obligationPuts.find((o) => o.kind === 'requested-visit')).toMatchObject({
      status: 'open',
      due: '2026-11-16',
    });
    expect(plan.reminderPuts.map((r) => r.reminderId)).toEqual(
      expect.arrayContaining([
        'requested-visit#due-soon',
        'requested-visit#due-today',
        'requested-visit#escalation',
      ]),
    );
    expect(plan.record).toMatchObject({
      sk: expect.stringMatching(/^REQUEST#2026-11-05#id-/),
      item: { type: 'visit-request', requestedBy: 'carer', recordedBy: WORKER.email },
    });
    expect(plan.event).toMatchObject({
      event: 'visit-requested',
      details: { requestedOn: '2026-11-05', requestedBy: 'carer' },
    });
    expect(describeEvent(plan.event)).toBe('Visit requested on 5 November 2026 by the carer');
    expect(plan.caseUpdate.summary.requests).toEqual([{ requestedOn: '2026-11-05', requestedBy: 'carer' }]);
  });

  it('is met by the next visit on or after the request, of any kind, and its reminders are cancelled', () => {
    const after = planCaseChange(
      applied(snapshot, plan),
      {
        type: 'record-visit',
        visit: { date: '2026-11-06', kind: 'initial', childSeenAlone: true, matters: [] },
      },
      ctx(WORKER, '2026-11-06T15:00:00.000Z'),
    );
    expect(after.obligationPuts.find((o) => o.kind === 'requested-visit')).toMatchObject({
      status: 'met',
      metOn: '2026-11-06',
    });
    expect(after.reminderCancels).toEqual(expect.arrayContaining(['requested-visit#due-soon']));
  });

  it('keeps one requested-visit obligation: the earliest still waiting', () => {
    const o = (due: string, status: Obligation['status']): Obligation => ({
      kind: 'requested-visit',
      due,
      status,
      basis: `due ${due}.`,
      ...(status === 'met' ? { metOn: due } : {}),
    });
    const initial: Obligation = { kind: 'initial-visit', due: '2026-11-11', status: 'met', basis: 'b' };
    expect(
      oneRequestedVisit([initial, o('2026-11-20', 'open'), o('2026-11-10', 'met'), o('2026-11-24', 'open')]),
    ).toEqual([
      initial,
      {
        ...o('2026-11-20', 'open'),
        basis: 'due 2026-11-20. A later request is also waiting; the next visit meets them all.',
      },
    ]);
    expect(oneRequestedVisit([o('2026-11-10', 'met'), o('2026-11-17', 'met')])).toEqual([
      o('2026-11-17', 'met'),
    ]);
    expect(oneRequestedVisit([initial])).toEqual([initial]);
  });

  it('writes one obligation however many requests there are', () => {
    let s = applied(snapshot, plan);
    s = applied(
      s,
      planCaseChange(
        s,
        { type: 'record-visit-request', request: { requestedOn: '2026-11-06', requestedBy: 'child' } },
        ctx(WORKER),
      ),
    );
    const third = planCaseChange(
      s,
      { type: 'record-visit-request', request: { requestedOn: '2026-11-06', requestedBy: 'parent' } },
      ctx(WORKER),
    );
    // Still the first request's due date; the basis now says two more are waiting.
    expect(third.obligationPuts.filter((o) => o.kind === 'requested-visit')).toEqual([
      expect.objectContaining({ due: '2026-11-16', status: 'open' }),
    ]);
    expect(applied(s, third).obligations.filter((o) => o.kind === 'requested-visit')).toEqual([
      expect.objectContaining({
        due: '2026-11-16',
        basis: expect.stringContaining('2 later requests are also waiting'),
      }),
    ]);
    expect(planItemCount(third)).toBeLessThanOrEqual(100);
  });
});

describe('a DBS check recorded as delayed', () => {
  const snapshot = openedCase();
  const delayed = planCaseChange(
    snapshot,
    {
      type: 'record-check',
      check: {
        checkType: 'dbs-carer',
        requestedOn: '2026-11-05',
        delayed: true,
        delayReason: 'DBS backlog',
      },
    },
    ctx(WORKER),
  );

  it('adds an interim safety plan 5 working days after the DBS check was due, with reminders', () => {
    // Checks are due 10 working days after the initial visit's due date, Wed 11 Nov: Wed 25 Nov.
    expect(delayed.obligationPuts.find((o) => o.kind === 'check:dbs-carer')).toMatchObject({
      status: 'open',
      due: '2026-11-25',
    });
    // Wed 25 Nov + 5 working days: 26, 27, 30 Nov, 1, 2 Dec.
    expect(delayed.obligationPuts.find((o) => o.kind === 'interim-safety-plan')).toMatchObject({
      status: 'open',
      due: '2026-12-02',
    });
    expect(delayed.reminderPuts.map((r) => r.reminderId)).toContain('interim-safety-plan#due-soon');
    expect(delayed.record?.item).toMatchObject({ delayed: true, delayReason: 'DBS backlog' });
    expect(delayed.caseUpdate.summary.checks).toEqual([
      { type: 'dbs-carer', requestedOn: '2026-11-05', delayed: true },
    ]);
    expect(describeEvent(delayed.event)).toBe(
      'Check recorded: Enhanced DBS check of the carer, requested 5 November 2026, delayed',
    );
  });

  it('is met by the plan recorded, which stays met when the DBS check is completed late', () => {
    let s = applied(snapshot, delayed);
    const plan = planCaseChange(
      s,
      { type: 'record-safety-plan', plan: { agreedOn: '2026-11-27', notes: 'Interim police check clear.' } },
      ctx(WORKER, '2026-11-27T12:00:00.000Z'),
    );
    expect(plan.obligationPuts.find((o) => o.kind === 'interim-safety-plan')).toMatchObject({
      status: 'met',
      metOn: '2026-11-27',
    });
    expect(plan.reminderCancels.filter((id) => id.startsWith('interim-safety-plan#')).sort()).toEqual([
      'interim-safety-plan#due-soon',
      'interim-safety-plan#due-today',
      'interim-safety-plan#escalation',
      'interim-safety-plan#overdue',
    ]);
    expect(plan.record).toMatchObject({
      sk: 'SAFETY-PLAN',
      item: { type: 'safety-plan', agreedOn: '2026-11-27' },
    });
    expect(plan.caseUpdate.summary.safetyPlanAgreedOn).toBe('2026-11-27');
    expect(describeEvent(plan.event)).toBe('Interim safety plan agreed on 27 November 2026');
    s = applied(s, plan);
    const done = planCaseChange(
      s,
      {
        type: 'record-check',
        check: { checkType: 'dbs-carer', completedOn: '2026-12-10', outcome: 'no-concerns' },
      },
      ctx(WORKER, '2026-12-10T12:00:00.000Z'),
    );
    expect(applied(s, done).obligations.find((o) => o.kind === 'interim-safety-plan')).toMatchObject({
      status: 'met',
    });
  });

  it('is not inferred from the day a change happens to be made: the delay is recorded by staff', () => {
    // Long after the DBS check was due, with nothing recorded about it: no interim plan yet (the
    // check shows as overdue and is escalated), so the obligations depend on the records alone.
    const late = planCaseChange(
      openedCase(),
      { type: 'allocate', caseworker: { email: WORKER.email } },
      ctx(MANAGER, '2027-01-15T12:00:00.000Z'),
    );
    expect(late.obligationPuts.map((o) => o.kind)).not.toContain('interim-safety-plan');
    expect(late.obligationPuts.find((o) => o.kind === 'check:dbs-carer')?.status).toBe('open');
  });

  it('refuses a delay on a check that is not a DBS check', () => {
    expect(() =>
      planCaseChange(
        openedCase(),
        { type: 'record-check', check: { checkType: 'police', requestedOn: '2026-11-05', delayed: true } },
        ctx(WORKER),
      ),
    ).toThrow(CaseChangeRefusedError);
  });
});

describe('diffReminders', () => {
  const reminder = (
    id: string,
    stage: Reminder['stage'],
    due: string,
    dueAt: string,
    extra: Partial<Reminder> = {},
  ): Reminder => ({
    reference: 'AAAAAAAA',
    reminderId: id,
    obligation: id.split('#')[0] as string,
    stage,
    due,
    basis: 'b',
    recipient: 'a@x.example',
    audience: 'case',
    state: 'pending',
    dueAt,
    attempts: 0,
    ...extra,
  });
  const now = new Date('2026-11-20T12:00:00Z');

  it('does not add stages overtaken by a later stage that is already due', () => {
    const desired = [
      reminder('check:police#due-soon', 'due-soon', '2026-11-19', '2026-11-17T08:00:00Z'),
      reminder('check:police#due-today', 'due-today', '2026-11-19', '2026-11-19T08:00:00Z'),
      reminder('check:police#overdue', 'overdue', '2026-11-19', '2026-11-20T08:00:00Z'),
    ];
    expect(diffReminders([], desired, now).reminderPuts.map((r) => r.stage)).toEqual(['overdue']);
  });

  it('keeps a reminder already sent for the same due date, and sends again for a new one', () => {
    const sent = reminder('regulation-8-visit#due-soon', 'due-soon', '2026-12-17', '2026-12-15T08:00:00Z', {
      state: 'sent',
    });
    const same = diffReminders([sent], [{ ...sent, state: 'pending' }], now);
    expect(same.reminderPuts).toEqual([]);
    const next = reminder('regulation-8-visit#due-soon', 'due-soon', '2027-01-28', '2027-01-26T08:00:00Z');
    expect(diffReminders([sent], [next], now).reminderPuts).toEqual([next]);
  });

  it('keeps an overdue reminder that the sweep moved on, and never touches delivery failures', () => {
    const repeating = reminder('initial-visit#overdue', 'overdue', '2026-11-11', '2026-11-19T08:00:00Z', {
      sentCount: 1,
    });
    const failure = reminder('delivery-failure#x', 'delivery-failure', '2026-11-20', '2026-11-20T08:00:00Z', {
      audience: 'manager',
    });
    const planned = { ...repeating, dueAt: '2026-11-12T08:00:00Z', sentCount: undefined };
    const diff = diffReminders([repeating, failure], [planned], now);
    expect(diff).toEqual({ reminderPuts: [], reminderCancels: [], reminderRecipientUpdates: [] });
  });
});

describe('who may see and change a case', () => {
  it('reads the role from the groups claim', () => {
    expect(roleFromGroups(['caseworker', 'designated-manager'])).toBe('designated-manager');
    expect(roleFromGroups(['caseworker'])).toBe('caseworker');
    expect(roleFromGroups(['admins'])).toBeUndefined();
  });

  it('lets a caseworker see and change only their own cases, and never allocate', () => {
    const mine = { allocatedTo: WORKER.email };
    expect(canViewCase(WORKER, mine)).toBe(true);
    expect(canViewCase(WORKER, { allocatedTo: 'caseworker2@anytown.example' })).toBe(false);
    expect(canViewCase(WORKER, {})).toBe(false);
    expect(canChangeCase(WORKER, mine, 'record-visit')).toBe(true);
    expect(canChangeCase(WORKER, mine, 'allocate')).toBe(false);
    expect(canChangeCase(WORKER, mine, 'record-decision')).toBe(false);
    expect(canChangeCase(MANAGER, {}, 'allocate')).toBe(true);
  });
});
