/**
 * The arrangement's lifecycle in the clock (issue 11) and the front door's one-day decision
 * (issue 12): proposals and move-in (regulations 3–7), visits that count, regulation 8 from the
 * move-in, the end at 16 or 18 (Children Act 1989 s.66), and dates beyond the bank holiday data.
 * Every date is worked by hand from domain.md's bank holiday table.
 */
import { describe, expect, it } from 'vitest';
import feed from '../../shared/domain/bank-holidays.json' with { type: 'json' };
import { planCaseChange } from '../../shared/domain/case-change.ts';
import { planCaseOpening } from '../../shared/domain/case-opening.ts';
import { remindersFor } from '../../shared/domain/reminder-plan.ts';
import {
  ageLimitOf,
  computeSchedule,
  defaultReminderPolicy,
  defaultSchedulePolicy,
  FRONT_DOOR_DECISION_WORKING_DAYS,
  frontDoorDecisionDue,
  moveInVisitDue,
  type Obligation,
  ObligationSchema,
  planReminderStages,
  type ScheduleInput,
} from '../../shared/domain/statutory-clock.ts';
import type { CaseSnapshot } from '../../shared/domain/stored-case.ts';
import { createWorkingDayCalendar, withWeekdayFallback } from '../../shared/domain/working-days.ts';
import { nothingRecorded } from '../fixtures/case-snapshot.ts';
import { aNotification } from '../fixtures/notifications.ts';

const at = (iso: string) => new Date(iso);
const find = (os: Obligation[], kind: Obligation['kind']) => os.find((o) => o.kind === kind);
const kinds = (os: Obligation[]) => os.map((o) => o.kind);
const remindAll = (os: Obligation[], calendar = createWorkingDayCalendar(feed)) =>
  remindersFor('PF-TEST', os, {
    caseRecipient: 'case@council.example',
    designatedManager: 'dm@council.example',
    calendar,
    reminderPolicy: defaultReminderPolicy,
    at: (d) => at(`${d}T08:00:00Z`),
  });

/** The bank holiday data as it was before 2018–2024 were added: 2025–2030 only. */
const from2025 = createWorkingDayCalendar({
  'england-and-wales': {
    division: 'england-and-wales',
    events: feed['england-and-wales'].events.filter((e) => e.date >= '2025'),
  },
});

describe('the front door decision (Working Together to Safeguard Children 2023)', () => {
  it.each([
    // [notified at, due] — one working day after the London date of receipt.
    ['2026-12-21T10:00:00Z', '2026-12-22'], // Monday → Tuesday
    ['2026-12-24T10:00:00Z', '2026-12-29'], // Christmas, weekend, Boxing Day substitute
    ['2026-04-02T10:00:00Z', '2026-04-07'], // Good Friday, weekend, Easter Monday
    ['2026-06-12T09:00:00Z', '2026-06-15'], // Friday → Monday
    ['2026-06-10T23:30:00Z', '2026-06-12'], // BST: already Thursday 11 June in London
  ])('notified %s → decision due %s', (notified, due) => {
    expect(FRONT_DOOR_DECISION_WORKING_DAYS).toBe(1);
    expect(frontDoorDecisionDue(at(notified)).due).toBe(due);
    const os = computeSchedule({ notifiedAt: at(notified), visits: [] });
    expect(find(os, 'front-door-decision')).toMatchObject({ due, status: 'open' });
  });

  it('is in every schedule, met by the decision recorded, and says why', () => {
    const os = computeSchedule({
      notifiedAt: at('2026-12-21T10:00:00Z'),
      visits: [],
      frontDoorDecidedOn: '2026-12-23',
    });
    expect(os[0]).toEqual({
      kind: 'front-door-decision',
      due: '2026-12-22',
      status: 'met',
      metOn: '2026-12-23',
      basis:
        '1 working day after 21 December 2026, the date the notification was received: Working Together to ' +
        'Safeguard Children (2023) asks the council to acknowledge a referral and decide the next step within ' +
        'one working day.',
    });
    expect(remindAll(os).filter((r) => r.obligation === 'front-door-decision')).toEqual([]);
  });

  it('reminds and escalates while open', () => {
    const os = computeSchedule({ notifiedAt: at('2026-12-21T10:00:00Z'), visits: [] });
    const ids = remindAll(os)
      .filter((r) => r.obligation === 'front-door-decision')
      .map((r) => [r.reminderId, r.recipient]);
    expect(ids).toEqual([
      ['front-door-decision#due-soon', 'case@council.example'],
      ['front-door-decision#due-today', 'case@council.example'],
      ['front-door-decision#overdue', 'case@council.example'],
      ['front-door-decision#escalation', 'dm@council.example'],
    ]);
  });
});

describe('proposals and the move-in (regulations 3–7)', () => {
  const notifiedAt = at('2026-12-21T10:00:00Z');

  it('a proposal: the first visit is the regulation 4 visit, and no regulation 8 visit is owed', () => {
    const os = computeSchedule({ notifiedAt, visits: [{ date: '2026-12-30' }], proposal: true });
    expect(find(os, 'initial-visit')).toMatchObject({
      due: '2027-01-04',
      status: 'met',
      metOn: '2026-12-30',
    });
    expect(find(os, 'initial-visit')?.basis).toContain(
      'regulation 4: visit within 7 working days of a notice',
    );
    expect(find(os, 'initial-visit')?.basis).not.toContain('regulations 4 and 7');
    // The pre-placement visit starts no regulation 8 interval: the child does not live there yet.
    expect(find(os, 'regulation-8-visit')).toBeUndefined();
    expect(find(os, 'move-in-visit')).toBeUndefined();
  });

  it('a running arrangement is as before: regulations 4 and 7, regulation 8 from the first visit', () => {
    const os = computeSchedule({ notifiedAt, visits: [{ date: '2026-12-30' }], proposal: false });
    expect(find(os, 'initial-visit')?.basis).toContain('regulations 4 and 7');
    expect(find(os, 'regulation-8-visit')).toMatchObject({ due: '2027-02-10', status: 'open' });
  });

  it.each([
    // [moved in at, London date told, move-in visit due]
    ['2027-02-01T09:00:00Z', '2027-02-01', '2027-02-10'], // Monday: 7 working days
    ['2027-03-24T09:00:00Z', '2027-03-24', '2027-04-06'], // Easter 2027 passed over
    ['2027-06-30T23:30:00Z', '2027-07-01', '2027-07-12'], // BST: already 1 July in London
  ])('moved in %s (told on %s) → move-in visit due %s (regulations 6 and 7)', (movedIn, toldOn, due) => {
    expect(moveInVisitDue(at(movedIn))).toMatchObject({ toldOn, due });
    const os = computeSchedule({ notifiedAt, visits: [], proposal: true, movedInAt: at(movedIn) });
    expect(find(os, 'move-in-visit')).toMatchObject({ due, status: 'open' });
  });

  it('the move-in visit is met only by a visit on or after the move-in; regulation 8 runs from there', () => {
    const base: ScheduleInput = {
      notifiedAt,
      proposal: true,
      movedInAt: at('2027-02-01T09:00:00Z'),
      visits: [{ date: '2026-12-30', kind: 'initial' }],
    };
    const before = computeSchedule(base);
    expect(find(before, 'initial-visit')).toMatchObject({ status: 'met', metOn: '2026-12-30' });
    expect(find(before, 'move-in-visit')).toMatchObject({ due: '2027-02-10', status: 'open' });
    expect(find(before, 'move-in-visit')?.basis).toContain('regulation 7');
    expect(find(before, 'regulation-8-visit')).toBeUndefined();

    const after = computeSchedule({ ...base, visits: [...base.visits, { date: '2027-02-03' }] });
    expect(find(after, 'move-in-visit')).toMatchObject({ status: 'met', metOn: '2027-02-03' });
    // Regulation 8(6): the first year runs from the notification (21 December 2026), so 6 weeks.
    expect(find(after, 'regulation-8-visit')).toMatchObject({ due: '2027-03-17', status: 'open' });
    expect(find(after, 'regulation-8-visit')?.basis).toContain('which began on 21 December 2026');
  });

  it('counts the first year from the notification, not the move-in (reg 8(6))', () => {
    const os = computeSchedule({
      notifiedAt,
      proposal: true,
      movedInAt: at('2027-11-01T09:00:00Z'),
      visits: [{ date: '2027-12-22' }],
    });
    // 22 December 2027 is in the second year (from 21 December 2027): 12 weeks.
    expect(find(os, 'regulation-8-visit')).toMatchObject({ due: '2028-03-15' });
  });

  it('a move-in implies a proposal, and one told before the notification counts from the notification', () => {
    const os = computeSchedule({ notifiedAt, visits: [], movedInAt: at('2026-12-01T09:00:00Z') });
    expect(find(os, 'initial-visit')?.basis).toContain('regulation 4');
    expect(find(os, 'move-in-visit')).toMatchObject({ due: '2027-01-04' });
  });

  it('lists the obligations of a proposal in order', () => {
    const os = computeSchedule({
      notifiedAt,
      visits: [],
      proposal: true,
      movedInAt: at('2027-01-05T09:00:00Z'),
      policy: { endReviewWeeksBefore: 12, checks: [] },
    });
    expect(os.map((o) => [o.kind, o.due, o.status])).toEqual([
      ['front-door-decision', '2026-12-22', 'open'],
      ['initial-visit', '2027-01-04', 'open'],
      ['move-in-visit', '2027-01-14', 'open'],
    ]);
    for (const o of os) expect(ObligationSchema.parse(o)).toEqual(o);
  });
});

describe('visits that count', () => {
  it('a visit dated before the London date of an evening notification in summer time meets nothing', () => {
    // 23:30 UTC on 10 June 2026 is 00:30 on 11 June in London: the notification's date is 11 June.
    const os = computeSchedule({
      notifiedAt: at('2026-06-10T23:30:00Z'),
      visits: [{ date: '2026-06-10', kind: 'initial' }],
      requestedVisits: [{ requestedOn: '2026-06-10' }],
    });
    expect(find(os, 'initial-visit')).toMatchObject({ due: '2026-06-22', status: 'open' });
    expect(find(os, 'initial-visit')?.metOn).toBeUndefined();
    expect(find(os, 'regulation-8-visit')).toBeUndefined();
    expect(find(os, 'requested-visit')).toMatchObject({ status: 'open' });
    // Checks count from the initial visit's due date, not from the visit that does not count.
    expect(find(os, 'check:police')?.basis).toContain('no initial visit is recorded yet');
  });

  it('the next visit on or after the notification date is the one that counts', () => {
    const os = computeSchedule({
      notifiedAt: at('2026-06-10T23:30:00Z'),
      visits: [{ date: '2026-06-10', kind: 'initial' }, { date: '2026-06-11' }],
    });
    expect(find(os, 'initial-visit')).toMatchObject({ status: 'met', metOn: '2026-06-11' });
    expect(find(os, 'regulation-8-visit')).toMatchObject({ due: '2026-07-23' });
  });
});

describe('the end at 16, or 18 if disabled (Children Act 1989 s.66)', () => {
  const notifiedAt = at('2026-12-21T10:00:00Z');

  it('cancels what falls due on or after the 16th birthday, keeping the review and the end', () => {
    const os = computeSchedule({
      notifiedAt,
      visits: [{ date: '2027-01-04' }, { date: '2027-02-01' }],
      dateOfBirth: '2011-03-03',
    });
    const reg8 = find(os, 'regulation-8-visit');
    expect(reg8).toMatchObject({ due: '2027-03-15', status: 'cancelled' });
    expect(reg8?.basis).toMatch(
      /^Not owed: the child reached 16 on 3 March 2027 \(Children Act 1989 s\.66\)\. /,
    );
    expect(find(os, 'arrangement-end')).toMatchObject({ due: '2027-03-03', status: 'open' });
    // 12 weeks before 3 March 2027 is 9 December 2026, before the notification: due with the
    // first visit instead.
    expect(find(os, 'end-review')).toMatchObject({ due: '2027-01-04', status: 'open' });
    expect(find(os, 'end-review')?.basis).toContain('9 December 2026) was before the council was notified');
    // Checks due 18 January 2027, before the birthday: still owed.
    expect(find(os, 'check:police')).toMatchObject({ due: '2027-01-18', status: 'open' });
    expect(remindAll(os).some((r) => r.obligation === 'regulation-8-visit')).toBe(false);
  });

  it('cancels checks and visits due on the birthday itself, but not what was met', () => {
    const os = computeSchedule({
      notifiedAt,
      visits: [{ date: '2027-01-06' }],
      dateOfBirth: '2011-01-20', // 16 on 20 January 2027; checks due then
      checks: [{ type: 'police', completedOn: '2027-01-19' }],
    });
    expect(find(os, 'check:police')).toMatchObject({ status: 'met', metOn: '2027-01-19' });
    expect(find(os, 'check:health')).toMatchObject({ due: '2027-01-20', status: 'cancelled' });
    expect(find(os, 'initial-visit')).toMatchObject({ status: 'met' });
    const open = os.filter((o) => o.status === 'open').map((o) => o.kind);
    expect(open).toEqual(['front-door-decision', 'end-review', 'arrangement-end']);
    expect(remindAll(os).map((r) => r.obligation)).not.toContain('check:health');
  });

  it('runs to 18 for a disabled child', () => {
    const os = computeSchedule({
      notifiedAt,
      visits: [{ date: '2027-01-04' }],
      dateOfBirth: '2011-03-03',
      disabled: true,
    });
    expect(find(os, 'regulation-8-visit')).toMatchObject({ due: '2027-02-15', status: 'open' });
    expect(find(os, 'arrangement-end')).toMatchObject({ due: '2029-03-03' });
  });

  it('assumes 16 while the council has not decided whether the child is disabled', () => {
    expect(ageLimitOf({ dateOfBirth: '2011-03-03', disabilityUnknown: true })).toEqual({
      on: '2027-03-03',
      age: 16,
      assumed: true,
    });
    expect(ageLimitOf({ dateOfBirth: '2011-03-03', disabled: true, disabilityUnknown: true })).toEqual({
      on: '2029-03-03',
      age: 18,
      assumed: false,
    });
    const os = computeSchedule({
      notifiedAt,
      visits: [{ date: '2027-01-04' }, { date: '2027-02-01' }],
      dateOfBirth: '2011-03-03',
      disabilityUnknown: true,
    });
    expect(find(os, 'arrangement-end')).toMatchObject({ due: '2027-03-03', status: 'open' });
    expect(find(os, 'arrangement-end')?.basis).toContain(
      'assumes 16 until staff decide whether the child is disabled',
    );
    expect(find(os, 'regulation-8-visit')?.basis).toContain(
      'This assumes 16 until staff decide whether the child is disabled.',
    );
  });

  it('gives a child already 16 when notified no visit schedule, leaving the front door to decide', () => {
    const os = computeSchedule({
      notifiedAt: at('2026-01-05T10:00:00Z'),
      visits: [{ date: '2026-01-07' }],
      dateOfBirth: '2009-01-01',
    });
    expect(kinds(os)).toEqual(['arrangement-end', 'front-door-decision']);
    expect(find(os, 'arrangement-end')).toMatchObject({ due: '2025-01-01', status: 'cancelled' });
    expect(find(os, 'arrangement-end')?.basis).toMatch(
      /^Not owed: the child reached 16 on 1 January 2025 \(Children Act 1989 s\.66\)\. The child was already 16/,
    );
    expect(find(os, 'front-door-decision')).toMatchObject({ due: '2026-01-06', status: 'open' });
    expect(find(os, 'front-door-decision')?.basis).toContain('no visits or checks are owed');
    expect(find(os, 'front-door-decision')?.basis).toContain('If staff decide the child is disabled');
  });

  it('a disabled child of 17 when notified still has a schedule', () => {
    const os = computeSchedule({
      notifiedAt: at('2026-01-05T10:00:00Z'),
      visits: [],
      dateOfBirth: '2009-01-01',
      disabled: true,
    });
    expect(find(os, 'initial-visit')).toMatchObject({ status: 'open' });
    expect(find(os, 'arrangement-end')).toMatchObject({ due: '2027-01-01', status: 'open' });
  });

  it('never needs bank holiday data from before the notification (born 1 January 2009, notified 5 January 2026)', () => {
    // The bug: recording a visit crashed with "no bank holiday data for 2024" because the end review
    // (12 weeks before the 16th birthday, in October 2024) was reminded. With data from 2025 only:
    for (const visits of [[], [{ date: '2026-01-07' }]]) {
      const os = computeSchedule({
        notifiedAt: at('2026-01-05T10:00:00Z'),
        visits,
        dateOfBirth: '2009-01-01',
        calendar: from2025,
      });
      expect(() => remindAll(os, from2025)).not.toThrow();
      expect(os.every((o) => o.status !== 'open' || o.due >= '2026-01-05')).toBe(true);
    }
    // A child turning 16 a month after the notification: the review is kept, after the notification.
    const soon = computeSchedule({
      notifiedAt: at('2026-01-05T10:00:00Z'),
      visits: [{ date: '2026-01-07' }],
      dateOfBirth: '2010-02-01',
      calendar: from2025,
    });
    expect(find(soon, 'end-review')).toMatchObject({ due: '2026-01-14', status: 'open' });
    expect(() => remindAll(soon, from2025)).not.toThrow();
  });

  it('a child turning 16 the day after notification: the review is due on the notification date', () => {
    const os = computeSchedule({
      notifiedAt: at('2026-12-21T10:00:00Z'),
      visits: [],
      dateOfBirth: '2010-12-22',
    });
    expect(find(os, 'end-review')).toMatchObject({ due: '2026-12-21', status: 'open' });
    expect(find(os, 'front-door-decision')).toMatchObject({ due: '2026-12-22', status: 'open' });
    expect(find(os, 'initial-visit')).toMatchObject({ status: 'cancelled' });
  });
});

describe('dates beyond the bank holiday data', () => {
  it('flags only the obligations whose working-day count ran past the data', () => {
    const os = computeSchedule({
      notifiedAt: at('2030-12-24T10:00:00Z'),
      visits: [{ date: '2030-12-30' }],
      dateOfBirth: '2016-05-01',
    });
    // 25 and 26 December are holidays: the decision is due Friday 27 December 2030, inside the data.
    expect(find(os, 'front-door-decision')).toMatchObject({ due: '2030-12-27' });
    expect(find(os, 'front-door-decision')?.needsBankHolidayDataFor).toBeUndefined();
    // 27, 30, 31 December, then 2031 counted over weekdays: 1, 2, 3, 6 January.
    const initial = find(os, 'initial-visit');
    expect(initial).toMatchObject({ due: '2031-01-06', needsBankHolidayDataFor: 2031 });
    expect(initial?.basis).toContain('Needs bank-holiday data for 2031');
    expect(find(os, 'check:police')).toMatchObject({ needsBankHolidayDataFor: 2031 });
    // Calendar rules never need the data.
    expect(find(os, 'regulation-8-visit')).toMatchObject({ due: '2031-02-10' });
    expect(find(os, 'regulation-8-visit')?.needsBankHolidayDataFor).toBeUndefined();
    expect(find(os, 'arrangement-end')).toMatchObject({ due: '2032-05-01', status: 'open' });
    for (const o of os) expect(ObligationSchema.parse(o)).toEqual(o);
    expect(() => remindAll(os)).not.toThrow();
  });

  it('counts over weekdays (and Christmas Day) only where there is no data, so never late', () => {
    const cal = withWeekdayFallback(createWorkingDayCalendar(feed));
    expect(cal.addWorkingDays('2031-12-24', 1)).toEqual({
      date: '2031-12-26',
      skipped: [{ date: '2031-12-25', reason: 'Christmas Day' }],
      weekendDays: 0,
      uncoveredYears: [2031],
    });
    expect(cal.addWorkingDays('2030-12-20', 5)).toEqual(
      createWorkingDayCalendar(feed).addWorkingDays('2030-12-20', 5),
    );
    expect(planReminderStages({ due: '2034-06-05', status: 'open' })[0]).toEqual({
      stage: 'due-soon',
      sendOn: '2034-06-01',
    });
  });
});

describe('the reported crash, through the staff action planner', () => {
  it('records a visit for a child born 1 January 2009 and notified 5 January 2026, with data from 2025 only', () => {
    const notification = aNotification({
      receivedAt: '2026-01-05T10:00:00.000Z',
      child: { name: 'Sam Example', dateOfBirth: '2009-01-01', disabled: 'no' },
    });
    const policy = {
      designatedManager: 'dm@council.example',
      calendar: from2025,
      reminderPolicy: defaultReminderPolicy,
    };
    const opened = planCaseOpening(notification, {
      ...policy,
      routingRules: [{ postcodePrefix: 'AN1', mailbox: 'front-door@council.example' }],
    });
    const snapshot: CaseSnapshot = {
      caseRecord: opened.caseRecord,
      notification,
      obligations: opened.obligations,
      reminders: opened.reminders,
      ...nothingRecorded(),
    };
    const plan = planCaseChange(
      snapshot,
      {
        type: 'record-visit',
        visit: { date: '2026-01-07', kind: 'initial', childSeenAlone: true, matters: [] },
      },
      {
        ...policy,
        actor: { email: 'cw@council.example', name: 'Casey Worker', role: 'caseworker' },
        now: new Date('2026-01-07T12:00:00.000Z'),
        schedulePolicy: defaultSchedulePolicy,
        newId: () => 'id-1',
      },
    );
    // Already 16 when notified (s.66): no visit schedule; the front door decides.
    // The stored obligations after the change: what opening wrote, less deletes, plus puts.
    const after = new Map<string, Obligation>(snapshot.obligations.map((o) => [o.kind, o]));
    for (const kind of plan.obligationDeletes) after.delete(kind);
    for (const o of plan.obligationPuts) after.set(o.kind, o);
    const open = [...after.values()].filter((o) => o.status === 'open').map((o) => o.kind);
    expect(open).toEqual(['front-door-decision']);
    expect(plan.obligationDeletes).toEqual(['initial-visit']);
    expect(plan.caseUpdate.nextDue).toBe('2026-01-06');
  });
});
