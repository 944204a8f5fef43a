import { describe, expect, it } from 'vitest';
import { parseArrangement } from '../../functions/staff/actions/correct-arrangement.ts';
import { parseChildDetails } from '../../functions/staff/actions/correct-child-details.ts';
import { endReasonsFor } from '../../functions/staff/actions/record-end.ts';
import { parseMoveIn } from '../../functions/staff/actions/record-move-in.ts';
import { lifecycleRows } from '../../functions/staff/view-models.ts';
import {
  type CaseChange,
  CaseChangeRefusedError,
  type ChangeContext,
  planCaseChange,
  scheduleInputFor,
} from '../../shared/domain/case-change.ts';
import { arrangementStageAtOpening, planCaseOpening } from '../../shared/domain/case-opening.ts';
import { type Actor, describeEvent } from '../../shared/domain/case-vocabulary.ts';
import { londonDateOf } from '../../shared/domain/local-date.ts';
import type { Notification } from '../../shared/domain/notification.ts';
import { defaultReminderPolicy, defaultSchedulePolicy } from '../../shared/domain/statutory-clock.ts';
import type { CaseSnapshot } from '../../shared/domain/stored-case.ts';
import { defaultCalendar } from '../../shared/domain/working-days.ts';
import { nothingRecorded } from '../fixtures/case-snapshot.ts';
import { aNotification } from '../fixtures/notifications.ts';

const WORKER: Actor = { email: 'caseworker1@anytown.example', name: 'Casey Worker', role: 'caseworker' };
const MANAGER_MAILBOX = 'front-door-manager@anytown.example';
const POLICY = {
  routingRules: [],
  designatedManager: MANAGER_MAILBOX,
  calendar: defaultCalendar,
  reminderPolicy: defaultReminderPolicy,
};

/** Received Mon 2 Nov 2026. */
function notified(
  arrangement: Partial<Notification['arrangement']>,
  child: Partial<Notification['child']> = {},
) {
  return aNotification({
    receivedAt: '2026-11-02T10:00:00.000Z',
    arrangement: { immediateSafetyConcern: false, ...arrangement },
    child: { name: 'A Child', dateOfBirth: '2014-05-02', disabled: 'no', ...child },
  });
}

function opened(notification: Notification): CaseSnapshot {
  const plan = planCaseOpening(notification, POLICY);
  return {
    caseRecord: { ...plan.caseRecord },
    notification,
    obligations: plan.obligations,
    reminders: plan.reminders,
    ...nothingRecorded(),
  };
}

let ids = 0;
const ctx = (now = '2026-11-20T12:00:00.000Z'): ChangeContext => ({
  actor: WORKER,
  now: new Date(now),
  designatedManager: MANAGER_MAILBOX,
  calendar: defaultCalendar,
  schedulePolicy: defaultSchedulePolicy,
  reminderPolicy: defaultReminderPolicy,
  newId: () => `id-${++ids}`,
});

/** Applies a plan to a snapshot as the store would, so changes can follow one another. */
function applied(snapshot: CaseSnapshot, change: CaseChange, now?: string): CaseSnapshot {
  const plan = planCaseChange(snapshot, change, ctx(now));
  const obligations = new Map(snapshot.obligations.map((o) => [o.kind, o]));
  for (const o of plan.obligationPuts) obligations.set(o.kind, o);
  for (const k of plan.obligationDeletes) obligations.delete(k as never);
  const reminders = new Map(snapshot.reminders.map((r) => [r.reminderId, r]));
  for (const id of plan.reminderCancels) {
    const r = reminders.get(id);
    if (r) reminders.set(id, { ...r, state: 'cancelled' });
  }
  for (const r of plan.reminderPuts) reminders.set(r.reminderId, r);
  const item = plan.record?.item ?? {};
  const { type, ...record } = item as { type: string };
  return {
    ...snapshot,
    caseRecord: { ...snapshot.caseRecord, ...plan.caseUpdate },
    obligations: [...obligations.values()],
    reminders: [...reminders.values()],
    ...(type === 'move-in' ? { moveIn: record as CaseSnapshot['moveIn'] } : {}),
    ...(type === 'arrangement' ? { arrangement: record as CaseSnapshot['arrangement'] } : {}),
    ...(type === 'child-details' ? { childDetails: record as CaseSnapshot['childDetails'] } : {}),
    ...(type === 'visit' ? { visits: [...snapshot.visits, record as CaseSnapshot['visits'][number]] } : {}),
    ...(type === 'end' ? { end: record as CaseSnapshot['end'] } : {}),
    events: [...snapshot.events, plan.event],
  };
}

describe('the stage an arrangement is notified at (regulations 3 and 5)', () => {
  it('is proposed when the child does not live there yet, or starts after the London date of receipt', () => {
    expect(arrangementStageAtOpening(notified({ childLivesThereNow: 'no' }))).toBe('proposed');
    expect(arrangementStageAtOpening(notified({ startDate: '2026-11-03' }))).toBe('proposed');
    expect(
      arrangementStageAtOpening(notified({ childLivesThereNow: 'unknown', startDate: '2026-12-01' })),
    ).toBe('proposed');
  });

  it('is running when the child lives there, started already, or nobody knows', () => {
    expect(arrangementStageAtOpening(notified({ childLivesThereNow: 'yes' }))).toBe('running');
    expect(arrangementStageAtOpening(notified({ childLivesThereNow: 'yes', startDate: '2026-12-01' }))).toBe(
      'running',
    );
    expect(arrangementStageAtOpening(notified({ startDate: '2026-11-02' }))).toBe('running');
    expect(arrangementStageAtOpening(notified({ childLivesThereNow: 'unknown' }))).toBe('running');
    expect(arrangementStageAtOpening(notified({}))).toBe('running');
  });

  it("counts from the notification's London date, not its UTC date", () => {
    // 23:30 UTC on 15 June is 00:30 on 16 June in London: a start on 16 June is not later.
    const evening = aNotification({
      receivedAt: '2026-06-15T23:30:00.000Z',
      arrangement: { startDate: '2026-06-16' },
    });
    expect(londonDateOf(new Date(evening.receivedAt))).toBe('2026-06-16');
    expect(arrangementStageAtOpening(evening)).toBe('running');
  });

  it('is kept on the case with the age limit: the 16th birthday, the 18th if disabled, 16 while unknown', () => {
    const summary = (child: Partial<Notification['child']>) =>
      planCaseOpening(notified({ childLivesThereNow: 'no' }, child), POLICY).caseRecord.summary;
    expect(summary({})).toMatchObject({ arrangement: 'proposed', ageLimitOn: '2030-05-02' });
    expect(summary({ disabled: 'yes' }).ageLimitOn).toBe('2032-05-02');
    expect(summary({ disabled: 'unknown' }).ageLimitOn).toBe('2030-05-02');
    expect(summary({ dateOfBirth: undefined }).ageLimitOn).toBeUndefined();
  });

  it("tells the clock a proposal is one, and opens with its first visit and the front door's decision", () => {
    const plan = planCaseOpening(notified({ childLivesThereNow: 'no' }), POLICY);
    expect(plan.obligations.map((o) => o.kind)).toEqual(['initial-visit', 'front-door-decision']);
    expect(plan.obligations[0]).toMatchObject({ due: '2026-11-11', status: 'open' });
    expect(plan.reminders.map((r) => r.obligation)).toEqual(expect.arrayContaining(['initial-visit']));
  });
});

describe('a child already 16 when notified (s.66)', () => {
  // Born 1 January 2010: 16 on 1 January 2026, before the notification on 2 November 2026.
  const plan = planCaseOpening(notified({}, { dateOfBirth: '2010-01-01' }), POLICY);

  it('opens with no visit owed, saying why, and the front door to decide, reminded', () => {
    expect(plan.obligations.map((o) => [o.kind, o.status])).toEqual([
      ['initial-visit', 'cancelled'],
      ['front-door-decision', 'open'],
    ]);
    expect(plan.obligations[0]?.basis).toContain('already 16');
    expect(new Set(plan.reminders.map((r) => r.obligation))).toEqual(new Set(['front-door-decision']));
    expect(plan.caseRecord.summary.ageLimitOn).toBe('2026-01-01');
  });
});

describe('the schedule input from the records', () => {
  const ctxOf = { calendar: defaultCalendar, schedulePolicy: defaultSchedulePolicy };
  const noFacts = { visits: [], visitRequests: [], checks: [], safetyPlan: undefined, end: undefined };

  it("passes a proposal, its move-in as an instant on the London date told, and the child's age as corrected", () => {
    const snapshot = opened(notified({ childLivesThereNow: 'no' }, { disabled: 'unknown' }));
    const input = scheduleInputFor(
      snapshot,
      {
        ...noFacts,
        moveIn: { toldOn: '2026-11-16', recordedBy: 'x', recordedAt: 'x' },
        childDetails: {
          dateOfBirth: '2011-01-10',
          disability: 'undecided',
          recordedBy: 'x',
          recordedAt: 'x',
        },
      },
      ctxOf,
    );
    expect(input.proposal).toBe(true);
    expect(londonDateOf(input.movedInAt as Date)).toBe('2026-11-16');
    expect(input.dateOfBirth).toBe('2011-01-10');
    expect(input.disabled).toBe(false);
    expect(input.disabilityUnknown).toBe(true);
  });

  it('keeps the notifier\'s "I do not know" unknown until staff decide, and their decision wins', () => {
    const snapshot = opened(notified({}, { disabled: 'unknown' }));
    expect(scheduleInputFor(snapshot, noFacts, ctxOf)).toMatchObject({
      disabled: false,
      disabilityUnknown: true,
    });
    const decided = scheduleInputFor(
      snapshot,
      { ...noFacts, childDetails: { disability: 'yes', recordedBy: 'x', recordedAt: 'x' } },
      ctxOf,
    );
    expect(decided).toMatchObject({ disabled: true, dateOfBirth: '2014-05-02' });
    expect(decided.disabilityUnknown).toBeUndefined();
  });

  it('is a running arrangement, with no move-in, for a case opened before stages were recorded', () => {
    const snapshot = opened(notified({ childLivesThereNow: 'no' }));
    const { summary: _ignored, ...older } = snapshot.caseRecord;
    const input = scheduleInputFor(
      { ...snapshot, caseRecord: older },
      { ...noFacts, moveIn: { toldOn: '2026-11-16', recordedBy: 'x', recordedAt: 'x' } },
      ctxOf,
    );
    expect(input.proposal).toBeUndefined();
    expect(input.movedInAt).toBeUndefined();
  });
});

describe('recording the move-in (regulation 6)', () => {
  const proposal = opened(notified({ childLivesThereNow: 'no' }));

  it('is an event and a record, and the case summary carries the date the council was told', () => {
    const plan = planCaseChange(
      proposal,
      { type: 'record-move-in', moveIn: { toldOn: '2026-11-16', movedInOn: '2026-11-14' } },
      ctx(),
    );
    expect(plan.record).toMatchObject({ sk: 'MOVE-IN', item: { type: 'move-in', toldOn: '2026-11-16' } });
    expect(plan.event).toMatchObject({
      event: 'move-in-recorded',
      details: { toldOn: '2026-11-16', movedInOn: '2026-11-14' },
    });
    expect(plan.caseUpdate.summary).toMatchObject({ arrangement: 'proposed', movedInOn: '2026-11-16' });
    expect(describeEvent(plan.event)).toBe(
      'Council told on 16 November 2026 that the child has moved in (regulation 6); moved in on 14 November 2026',
    );
  });

  it('is refused for an arrangement already running, and before the notification', () => {
    const running = opened(notified({ childLivesThereNow: 'yes' }));
    expect(() =>
      planCaseChange(running, { type: 'record-move-in', moveIn: { toldOn: '2026-11-16' } }, ctx()),
    ).toThrow(CaseChangeRefusedError);
    expect(() =>
      planCaseChange(proposal, { type: 'record-move-in', moveIn: { toldOn: '2026-11-01' } }, ctx()),
    ).toThrow(CaseChangeRefusedError);
  });

  it('shows on the case page with the stage', () => {
    expect(lifecycleRows(proposal).slice(0, 2)).toEqual([
      { key: 'Arrangement', lines: ['Proposed: the child has not moved in yet'] },
      { key: 'Moved in', lines: ['Not yet recorded'] },
    ]);
    const movedIn = applied(proposal, { type: 'record-move-in', moveIn: { toldOn: '2026-11-16' } });
    expect(lifecycleRows(movedIn)[1]).toEqual({
      key: 'Moved in',
      lines: ['Council told on 16 November 2026 (regulation 6)'],
    });
  });
});

describe('correcting the arrangement', () => {
  it('records the stage staff decided, as an event, and drops a move-in from a case corrected to running', () => {
    const proposal = opened(notified({ childLivesThereNow: 'no' }));
    const movedIn = applied(proposal, { type: 'record-move-in', moveIn: { toldOn: '2026-11-16' } });
    const plan = planCaseChange(
      movedIn,
      { type: 'correct-arrangement', arrangement: { stage: 'running', notes: 'Had moved in already' } },
      ctx(),
    );
    expect(plan.record).toMatchObject({ sk: 'ARRANGEMENT', item: { stage: 'running' } });
    expect(plan.event).toMatchObject({
      event: 'arrangement-corrected',
      details: { stage: 'running', previously: 'proposed' },
    });
    expect(plan.caseUpdate.summary.arrangement).toBe('running');
    expect(plan.caseUpdate.summary.movedInOn).toBeUndefined();
    expect(describeEvent(plan.event)).toBe(
      'Arrangement corrected: Running: the child already lives with the carer',
    );
  });
});

describe("correcting the child's date of birth or disability (s.66, s.17(11))", () => {
  it('is an event, moves the age limit, and says when it assumes 16', () => {
    const snapshot = opened(notified({}, { disabled: 'unknown' }));
    expect(lifecycleRows(snapshot).at(-1)).toEqual({
      key: 'Privately fostered until',
      lines: ['2 May 2030, the 16th birthday', 'Assumes 16 until disability is decided (s.17(11))'],
    });
    const plan = planCaseChange(
      snapshot,
      { type: 'correct-child-details', details: { dateOfBirth: '2012-02-01', disability: 'yes' } },
      ctx(),
    );
    expect(plan.record).toMatchObject({
      sk: 'CHILD-DETAILS',
      item: { dateOfBirth: '2012-02-01', disability: 'yes' },
    });
    expect(plan.event).toMatchObject({
      event: 'child-details-corrected',
      details: { dateOfBirth: '2012-02-01', disability: 'yes' },
    });
    expect(plan.caseUpdate.summary.ageLimitOn).toBe('2030-02-01');
    const corrected = applied(snapshot, {
      type: 'correct-child-details',
      details: { dateOfBirth: '2012-02-01', disability: 'yes' },
    });
    expect(lifecycleRows(corrected).at(-1)).toEqual({
      key: 'Privately fostered until',
      lines: ['1 February 2030, the 18th birthday (disabled, s.17(11))'],
    });
    expect(describeEvent(plan.event)).toBe(
      "Child's details corrected: date of birth 1 February 2012; disabled (s.17(11)): Yes: privately fostered until 18",
    );
  });

  it('recomputes the end by age: the arrangement-end obligation follows the corrected date', () => {
    const snapshot = applied(opened(notified({})), {
      type: 'allocate',
      caseworker: { email: WORKER.email },
    });
    expect(snapshot.obligations.find((o) => o.kind === 'arrangement-end')?.due).toBe('2030-05-02');
    const plan = planCaseChange(
      snapshot,
      { type: 'correct-child-details', details: { dateOfBirth: '2012-03-04', disability: 'no' } },
      ctx(),
    );
    expect(plan.obligationPuts.find((o) => o.kind === 'arrangement-end')?.due).toBe('2028-03-04');
  });
});

describe('a proposal that never went ahead', () => {
  const proposal = opened(notified({ childLivesThereNow: 'no' }));
  const end = (reason: 'did-not-go-ahead' | 'returned-home'): CaseChange => ({
    type: 'record-end',
    end: { endedOn: '2026-11-18', reason },
  });

  it('closes with that reason, cancelling what was due', () => {
    const plan = planCaseChange(proposal, end('did-not-go-ahead'), ctx());
    expect(plan.caseUpdate).toMatchObject({ status: 'ended' });
    expect(plan.caseUpdate.summary).toMatchObject({ endReason: 'did-not-go-ahead', arrangement: 'proposed' });
    expect(plan.reminderCancels.length).toBeGreaterThan(0);
  });

  it('is refused for an arrangement that started: running, or a proposal moved into', () => {
    const running = opened(notified({ childLivesThereNow: 'yes' }));
    expect(() => planCaseChange(running, end('did-not-go-ahead'), ctx())).toThrow(CaseChangeRefusedError);
    const movedIn = applied(proposal, { type: 'record-move-in', moveIn: { toldOn: '2026-11-16' } });
    expect(() => planCaseChange(movedIn, end('did-not-go-ahead'), ctx())).toThrow(CaseChangeRefusedError);
    expect(planCaseChange(movedIn, end('returned-home'), ctx()).caseUpdate.status).toBe('ended');
  });

  it('is offered first on the end form only while the proposal has not started', () => {
    expect(endReasonsFor(proposal)[0]).toBe('did-not-go-ahead');
    const movedIn = applied(proposal, { type: 'record-move-in', moveIn: { toldOn: '2026-11-16' } });
    expect(endReasonsFor(movedIn)).not.toContain('did-not-go-ahead');
    expect(endReasonsFor(opened(notified({ childLivesThereNow: 'yes' })))).not.toContain('did-not-go-ahead');
  });
});

describe('a proposal through its move-in, and the end at 16', () => {
  const visit = (date: string, kind: 'initial' | 'regulation-8') => ({
    type: 'record-visit' as const,
    visit: { date, kind, childSeenAlone: true, matters: [] },
  });
  // Notified Mon 2 Nov 2026 of a proposal; the regulation 4 visit on 5 November, before the move-in.
  const proposal = applied(
    applied(opened(notified({ childLivesThereNow: 'no' })), {
      type: 'allocate',
      caseworker: { email: WORKER.email },
    }),
    visit('2026-11-05', 'initial'),
    '2026-11-05T16:00:00.000Z',
  );
  const byKind = (s: CaseSnapshot) => new Map(s.obligations.map((o) => [o.kind, o]));

  it('owes no regulation 8 visit before the move-in: the pre-placement visit starts none', () => {
    expect(byKind(proposal).get('initial-visit')).toMatchObject({ status: 'met', metOn: '2026-11-05' });
    expect(byKind(proposal).has('regulation-8-visit')).toBe(false);
    expect(proposal.reminders.filter((r) => r.state === 'pending').map((r) => r.obligation)).not.toContain(
      'regulation-8-visit',
    );
  });

  // Told on Mon 16 Nov: the move-in visit is due 7 working days later, Wed 25 Nov (regulation 7).
  const movedIn = applied(
    proposal,
    { type: 'record-move-in', moveIn: { toldOn: '2026-11-16' } },
    '2026-11-16T12:00:00.000Z',
  );

  it('adds the move-in visit (regulation 7) with its reminders', () => {
    expect(byKind(movedIn).get('move-in-visit')).toMatchObject({ status: 'open', due: '2026-11-25' });
    const pending = movedIn.reminders.filter((r) => r.state === 'pending').map((r) => r.reminderId);
    expect(pending).toEqual(
      expect.arrayContaining(['move-in-visit#due-soon', 'move-in-visit#due-today', 'move-in-visit#overdue']),
    );
  });

  it('is met by a visit after the move-in, which starts the regulation 8 visits', () => {
    const plan = planCaseChange(
      movedIn,
      visit('2026-11-18', 'regulation-8'),
      ctx('2026-11-18T16:00:00.000Z'),
    );
    const puts = new Map(plan.obligationPuts.map((o) => [o.kind, o]));
    expect(puts.get('move-in-visit')).toMatchObject({ status: 'met', metOn: '2026-11-18' });
    expect(puts.get('regulation-8-visit')).toMatchObject({ status: 'open', due: '2026-12-30' });
    expect(plan.reminderCancels).toEqual(expect.arrayContaining(['move-in-visit#due-today']));
    expect(plan.reminderPuts.map((r) => r.reminderId)).toContain('regulation-8-visit#due-today');
  });

  it('stops owing, and reminding of, anything due on or after the 16th birthday once the date of birth says so', () => {
    const visited = applied(movedIn, visit('2026-11-18', 'regulation-8'), '2026-11-18T16:00:00.000Z');
    expect(
      visited.reminders.some((r) => r.obligation === 'regulation-8-visit' && r.state === 'pending'),
    ).toBe(true);
    // The child turns 16 on 20 December 2026, before the regulation 8 visit due on 30 December.
    const plan = planCaseChange(
      visited,
      { type: 'correct-child-details', details: { dateOfBirth: '2010-12-20', disability: 'no' } },
      ctx('2026-11-20T12:00:00.000Z'),
    );
    const puts = new Map(plan.obligationPuts.map((o) => [o.kind, o]));
    expect(puts.get('regulation-8-visit')).toMatchObject({ status: 'cancelled', due: '2026-12-30' });
    expect(puts.get('regulation-8-visit')?.basis).toContain(
      'Not owed: the child reached 16 on 20 December 2026',
    );
    const cancelled = new Set(plan.reminderCancels);
    for (const id of [
      'regulation-8-visit#due-soon',
      'regulation-8-visit#due-today',
      'regulation-8-visit#overdue',
    ])
      expect(cancelled.has(id), id).toBe(true);
    // Nothing past the birthday is reminded again, but the end itself (to be recorded on the day).
    for (const r of plan.reminderPuts.filter((p) => p.obligation !== 'arrangement-end'))
      expect(r.due < '2026-12-20', r.reminderId).toBe(true);
    expect(plan.caseUpdate.summary.ageLimitOn).toBe('2026-12-20');
    // The review before the birthday stays owed.
    const all = new Map([...visited.obligations, ...plan.obligationPuts].map((o) => [o.kind, o] as const));
    expect(all.get('end-review')?.status).not.toBe('cancelled');
  });
});

describe('the staff forms', () => {
  const limits = { today: '2026-11-20', receivedOn: '2026-11-02', receivedOnText: '2 November 2026' };
  const parts = (iso: string) => ({
    day: String(Number(iso.slice(8))),
    month: String(Number(iso.slice(5, 7))),
    year: iso.slice(0, 4),
  });
  const errors = (r: { ok: boolean; errors?: { list: { text: string }[] } }) =>
    r.ok ? [] : (r.errors?.list.map((e) => e.text) ?? []);

  it('the move-in: told on or after the notification, by today; moved in no later than the council was told', () => {
    expect(parseMoveIn({ toldOn: parts('2026-11-16'), movedInOn: parts('2026-11-14') }, limits)).toEqual({
      ok: true,
      value: { toldOn: '2026-11-16', movedInOn: '2026-11-14' },
    });
    expect(errors(parseMoveIn({}, limits))).toEqual([
      'Enter the date the council was told the child moved in',
    ]);
    expect(errors(parseMoveIn({ toldOn: parts('2026-11-01') }, limits))).toEqual([
      'Date the council was told must be on or after 2 November 2026, when the notification was received',
    ]);
    expect(errors(parseMoveIn({ toldOn: parts('2026-11-21') }, limits))).toEqual([
      'Date the council was told must be today or in the past',
    ]);
    expect(
      errors(parseMoveIn({ toldOn: parts('2026-11-16'), movedInOn: parts('2026-11-17') }, limits)),
    ).toEqual(['Date the child moved in must be on or before the date the council was told']);
  });

  it("the child's details: born by the notification; disability yes, no or not decided", () => {
    expect(parseChildDetails({ dateOfBirth: parts('2012-06-01'), disability: 'undecided' }, limits)).toEqual({
      ok: true,
      value: { dateOfBirth: '2012-06-01', disability: 'undecided' },
    });
    expect(parseChildDetails({ disability: 'no' }, limits)).toEqual({
      ok: true,
      value: { disability: 'no' },
    });
    expect(
      errors(parseChildDetails({ dateOfBirth: parts('2026-11-03'), disability: 'maybe' }, limits)),
    ).toEqual([
      'Date of birth must be on or before 2 November 2026, when the notification was received',
      'Select whether the council has decided the child is disabled',
    ]);
  });

  it('the arrangement: proposed or running', () => {
    expect(parseArrangement({ stage: 'proposed' })).toEqual({ ok: true, value: { stage: 'proposed' } });
    expect(errors(parseArrangement({}))).toEqual(['Select whether the child has moved in yet']);
  });
});
