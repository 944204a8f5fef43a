import { describe, expect, it } from 'vitest';
import { remindersFor } from '../../shared/domain/reminder-plan.ts';
import {
  arrangementEndDue,
  type CheckPolicy,
  checkDue,
  computeSchedule,
  defaultCheckPolicy,
  defaultReminderPolicy,
  defaultSchedulePolicy,
  endReviewDue,
  initialVisitDue,
  interimSafetyPlanDue,
  nextOverdueRepeat,
  nextRegulation8VisitDue,
  type Obligation,
  ObligationSchema,
  planReminderStages,
  ReminderPolicySchema,
  requestedVisitDue,
} from '../../shared/domain/statutory-clock.ts';
import { CalendarOutOfRangeError, defaultCalendar } from '../../shared/domain/working-days.ts';

const at = (iso: string) => new Date(iso);

describe('initialVisitDue (regulations 4 and 7)', () => {
  it.each([
    // [notified at, London date of receipt, due] — worked by hand from domain.md's table.
    ['2026-12-21T10:00:00Z', '2026-12-21', '2027-01-04'], // Christmas, 28 Dec substitute, New Year
    ['2027-12-23T10:00:00Z', '2027-12-23', '2028-01-06'], // 27+28 Dec 2027 and 3 Jan 2028 substitutes
    ['2026-04-01T09:00:00Z', '2026-04-01', '2026-04-14'], // Good Friday + Easter Monday
    ['2027-03-24T09:00:00Z', '2027-03-24', '2027-04-06'], // Easter 2027
    ['2028-04-12T09:00:00Z', '2028-04-12', '2028-04-25'], // Easter 2028
    ['2026-03-06T09:00:00Z', '2026-03-06', '2026-03-17'], // Friday: weekends only
    ['2026-03-07T09:00:00Z', '2026-03-07', '2026-03-17'], // Saturday: Monday is day 1
    ['2027-04-30T09:00:00Z', '2027-04-30', '2027-05-12'], // Early May bank holiday
    ['2026-08-28T09:00:00Z', '2026-08-28', '2026-09-09'], // Summer bank holiday
    ['2026-06-10T23:30:00Z', '2026-06-11', '2026-06-22'], // BST: already Thursday in London
    ['2026-06-10T22:30:00Z', '2026-06-10', '2026-06-19'], // BST: still Wednesday
    ['2026-12-10T23:30:00Z', '2026-12-10', '2026-12-21'], // GMT: the same day
  ])('notified %s (received %s) → due %s', (notified, receivedOn, due) => {
    const r = initialVisitDue(at(notified));
    expect(r.receivedOn).toBe(receivedOn);
    expect(r.due).toBe(due);
  });

  it('explains the rule, the start date and the days not counted', () => {
    const r = initialVisitDue(at('2026-12-21T10:00:00Z'));
    expect(r.basis).toBe(
      '7 working days after 21 December 2026, the date the notification was received (regulations 4 and 7: ' +
        'initial visit within 7 working days of notification). Counting starts the day after receipt. ' +
        'Not counted: 25 December 2026 (Christmas Day), 28 December 2026 (Boxing Day, substitute day), ' +
        '1 January 2027 (New Year’s Day) and 4 weekend days.',
    );
  });

  it('says when the London date differs from the UTC date', () => {
    expect(initialVisitDue(at('2026-06-10T23:30:00Z')).basis).toContain('already 11 June 2026 in London');
    expect(initialVisitDue(at('2026-12-10T23:30:00Z')).basis).not.toContain('London');
  });

  it('refuses to guess beyond the bank holiday data', () => {
    expect(() => initialVisitDue(at('2030-12-24T10:00:00Z'))).toThrow(CalendarOutOfRangeError);
    expect(() => initialVisitDue(at('2017-12-20T10:00:00Z'))).toThrow(CalendarOutOfRangeError);
  });
});

describe('nextRegulation8VisitDue (regulation 8)', () => {
  const notifiedAt = at('2026-12-21T10:00:00Z');

  it.each([
    // [last visit, local weeks, due, year, weeks]
    ['2027-01-04', undefined, '2027-02-15', 1, 6],
    ['2027-12-20', undefined, '2028-01-31', 1, 6], // the day before the anniversary: still year one
    ['2027-12-21', undefined, '2028-03-14', 2, 12], // on the anniversary: the second year
    ['2028-12-21', undefined, '2029-03-15', 3, 12],
    ['2027-01-04', 4, '2027-02-01', 1, 4], // stricter local standard (Bradford)
    ['2027-12-21', 4, '2028-01-18', 2, 4],
    ['2027-01-04', 8, '2027-02-15', 1, 6], // a local interval never lengthens the legal maximum
    ['2027-12-21', 8, '2028-02-15', 2, 8],
    ['2027-12-21', 12, '2028-03-14', 2, 12],
  ])('last visit %s, local %s weeks → %s (year %i, %i weeks)', (lastVisit, local, due, year, weeks) => {
    const r = nextRegulation8VisitDue({
      notifiedAt,
      lastVisit,
      ...(local === undefined ? {} : { localIntervalWeeks: local }),
    });
    expect(r.due).toBe(due);
    expect(r.arrangementYear).toBe(year);
    expect(r.intervalWeeks).toBe(weeks);
  });

  it('runs the first year from the London date of the notification (BST)', () => {
    const summer = at('2026-06-10T23:30:00Z'); // 11 June in London
    expect(nextRegulation8VisitDue({ notifiedAt: summer, lastVisit: '2027-06-10' })).toMatchObject({
      due: '2027-07-22',
      arrangementYear: 1,
    });
    expect(nextRegulation8VisitDue({ notifiedAt: summer, lastVisit: '2027-06-11' })).toMatchObject({
      due: '2027-09-03',
      arrangementYear: 2,
    });
  });

  it('names the rule and the year the visit fell in', () => {
    const first = nextRegulation8VisitDue({ notifiedAt, lastVisit: '2027-12-20' }).basis;
    expect(first).toContain('6 weeks after the last visit on 20 December 2027');
    expect(first).toContain('first year');
    expect(first).toContain('21 December 2026');
    expect(first).toContain('regulation 8(6)');
    const second = nextRegulation8VisitDue({
      notifiedAt,
      lastVisit: '2027-12-21',
      localIntervalWeeks: 4,
    }).basis;
    expect(second).toContain('second year');
    expect(second).toContain('12 weeks');
    expect(second).toContain('local standard of 4 weeks is stricter');
    const longer = nextRegulation8VisitDue({
      notifiedAt,
      lastVisit: '2027-01-04',
      localIntervalWeeks: 8,
    }).basis;
    expect(longer).toContain('legal maximum of 6 weeks applies');
  });

  it('refuses a nonsensical local interval', () => {
    expect(() =>
      nextRegulation8VisitDue({ notifiedAt, lastVisit: '2027-01-04', localIntervalWeeks: 0 }),
    ).toThrow(RangeError);
  });
});

describe('arrangementEndDue (Children Act 1989 s.66) and endReviewDue', () => {
  it.each([
    ['2012-05-01', false, '2028-05-01'],
    ['2012-05-01', true, '2030-05-01'],
    ['2012-02-29', false, '2028-02-29'], // 2028 is a leap year
    ['2012-02-29', true, '2030-03-01'], // 2030 is not: 1 March
    ['2013-02-28', false, '2029-02-28'],
    ['2010-06-15', true, '2028-06-15'],
  ])('born %s, disabled %s → ends %s', (dateOfBirth, disabled, due) => {
    expect(arrangementEndDue({ dateOfBirth, disabled }).due).toBe(due);
  });

  it('explains the age, the law and the leap-day rule', () => {
    const r = arrangementEndDue({ dateOfBirth: '2012-02-29', disabled: true });
    expect(r.basis).toContain('18th birthday');
    expect(r.basis).toContain('s.66');
    expect(r.basis).toContain('1 March');
    expect(arrangementEndDue({ dateOfBirth: '2012-05-01', disabled: false }).basis).toContain(
      '16th birthday',
    );
  });

  it('puts the review some weeks before', () => {
    expect(endReviewDue('2028-02-29', 12).due).toBe('2027-12-07');
    expect(endReviewDue('2028-05-01', 0).due).toBe('2028-05-01');
    expect(endReviewDue('2028-05-01', 8).basis).toContain('local practice');
  });
});

describe('checks, interim safety plans and requested visits (local practice)', () => {
  const rule = defaultCheckPolicy.find((r) => r.type === 'dbs-carer');
  if (rule === undefined) throw new Error('dbs-carer missing from the default policy');

  it('has the default policy the issue asks for', () => {
    const required = defaultCheckPolicy.filter((r) => r.required).map((r) => r.type);
    expect(required).toEqual([
      'dbs-carer',
      'dbs-household',
      'police',
      'social-care-records',
      'previous-area-records',
      'reference-1',
      'reference-2',
      'health',
      'education',
    ]);
    expect(defaultCheckPolicy.filter((r) => !r.required).map((r) => r.type)).toEqual([
      'cafcass',
      'ofsted',
      'childminding-register',
    ]);
  });

  it('counts from the initial visit when it happened, else from its due date', () => {
    const visited = checkDue({ rule, initialVisit: { due: '2027-01-04', metOn: '2027-01-06' } });
    expect(visited.due).toBe('2027-01-20');
    expect(visited.basis).toContain('after the initial visit on 6 January 2027');
    const notYet = checkDue({ rule, initialVisit: { due: '2027-01-04' } });
    expect(notYet.due).toBe('2027-01-18');
    expect(notYet.basis).toContain('the date the initial visit is due');
    expect(notYet.basis).toContain('local practice');
  });

  it('gives an interim safety plan 5 working days after a delayed DBS check was due', () => {
    const plan = interimSafetyPlanDue({ dbsDue: '2027-01-18' });
    expect(plan.due).toBe('2027-01-25');
    expect(plan.basis).toContain('interim police checks and a safety plan are needed (local practice)');
    // Staff read the rule; where it comes from (an inspection of another council) stays in the code.
    expect(plan.basis).not.toMatch(/Croydon|Ofsted|criticised/);
    expect(interimSafetyPlanDue({ dbsDue: '2026-03-27', workingDays: 5 }).due).toBe('2026-04-07'); // Easter
    expect(interimSafetyPlanDue({ dbsDue: '2027-01-18', workingDays: 2 }).due).toBe('2027-01-20');
  });

  it('gives a requested visit 7 working days after the request', () => {
    const r = requestedVisitDue({ requestedOn: '2027-03-24' });
    expect(r.due).toBe('2027-04-06');
    expect(r.basis).toContain('26 March 2027 (Good Friday)');
    expect(r.basis).toContain('29 March 2027 (Easter Monday)');
    expect(r.basis).toContain('local practice');
  });
});

describe('computeSchedule', () => {
  const notifiedAt = at('2026-12-21T10:00:00Z');
  const find = (os: Obligation[], kind: Obligation['kind']) => os.find((o) => o.kind === kind);

  it('schedules a new case: initial visit and required checks, no regulation 8 visit yet', () => {
    const os = computeSchedule({ notifiedAt, visits: [] });
    expect(find(os, 'initial-visit')).toMatchObject({ due: '2027-01-04', status: 'open' });
    expect(find(os, 'regulation-8-visit')).toBeUndefined();
    expect(find(os, 'arrangement-end')).toBeUndefined();
    expect(os.filter((o) => o.kind.startsWith('check:'))).toHaveLength(9);
    expect(find(os, 'check:cafcass')).toBeUndefined();
    for (const o of os) expect(ObligationSchema.parse(o)).toEqual(o);
  });

  it('meets the initial visit with the first visit and schedules from the latest', () => {
    const os = computeSchedule({
      notifiedAt,
      visits: [{ date: '2027-02-10' }, { date: '2027-01-06' }],
      dateOfBirth: '2012-02-29',
    });
    expect(find(os, 'initial-visit')).toMatchObject({
      status: 'met',
      metOn: '2027-01-06',
      due: '2027-01-04',
    });
    expect(find(os, 'regulation-8-visit')).toMatchObject({ due: '2027-03-24', status: 'open' });
    expect(find(os, 'check:police')).toMatchObject({ due: '2027-01-20' });
    expect(find(os, 'arrangement-end')).toMatchObject({ due: '2028-02-29' });
    expect(find(os, 'end-review')).toMatchObject({ due: '2027-12-07' });
    const dues = os.map((o) => o.due);
    expect([...dues].sort()).toEqual(dues);
  });

  it('prefers the visit recorded as initial', () => {
    const os = computeSchedule({
      notifiedAt,
      visits: [
        { date: '2026-12-22', kind: 'requested' },
        { date: '2027-01-04', kind: 'initial' },
      ],
    });
    expect(find(os, 'initial-visit')).toMatchObject({ metOn: '2027-01-04' });
  });

  it('uses the 18th birthday for a disabled child and a stricter local interval', () => {
    const os = computeSchedule({
      notifiedAt,
      visits: [{ date: '2027-01-04' }],
      dateOfBirth: '2010-06-15',
      disabled: true,
      policy: { ...defaultSchedulePolicy, localIntervalWeeks: 4, endReviewWeeksBefore: 8 },
    });
    expect(find(os, 'arrangement-end')).toMatchObject({ due: '2028-06-15' });
    expect(find(os, 'end-review')).toMatchObject({ due: '2028-04-20' });
    expect(find(os, 'regulation-8-visit')).toMatchObject({ due: '2027-02-01' });
  });

  it('marks completed checks met and includes an optional check only when recorded', () => {
    const os = computeSchedule({
      notifiedAt,
      visits: [],
      checks: [
        { type: 'police', completedOn: '2027-01-10' },
        { type: 'ofsted', completedOn: '2027-01-12' },
      ],
    });
    expect(find(os, 'check:police')).toMatchObject({ status: 'met', metOn: '2027-01-10' });
    expect(find(os, 'check:ofsted')).toMatchObject({ status: 'met', metOn: '2027-01-12' });
    expect(find(os, 'check:cafcass')).toBeUndefined();
  });

  it('follows a council policy', () => {
    const checks: CheckPolicy = [
      { type: 'dbs-carer', label: 'DBS', required: true, dueWorkingDaysAfterInitialVisit: 5 },
      { type: 'cafcass', label: 'CAFCASS', required: true, dueWorkingDaysAfterInitialVisit: 0 },
    ];
    const os = computeSchedule({ notifiedAt, visits: [], policy: { endReviewWeeksBefore: 4, checks } });
    expect(os.map((o) => [o.kind, o.due])).toEqual([
      ['front-door-decision', '2026-12-22'],
      ['initial-visit', '2027-01-04'],
      ['check:cafcass', '2027-01-04'],
      ['check:dbs-carer', '2027-01-11'],
    ]);
  });

  describe('interim safety plan while DBS is delayed', () => {
    it('is not needed while DBS is on time', () => {
      const os = computeSchedule({ notifiedAt, visits: [], asOf: '2027-01-18' });
      expect(find(os, 'interim-safety-plan')).toBeUndefined();
    });

    it('is due 5 working days after the DBS due date once DBS is overdue', () => {
      const os = computeSchedule({ notifiedAt, visits: [], asOf: '2027-01-19' });
      expect(find(os, 'interim-safety-plan')).toMatchObject({ due: '2027-01-25', status: 'open' });
    });

    it('is due when staff record the DBS check as delayed', () => {
      const os = computeSchedule({
        notifiedAt,
        visits: [],
        checks: [{ type: 'dbs-household', delayed: true }],
      });
      expect(find(os, 'interim-safety-plan')).toMatchObject({ due: '2027-01-25', status: 'open' });
    });

    it('takes over from the delayed check: the check is not chased as overdue, the plan is', () => {
      const os = computeSchedule({
        notifiedAt,
        visits: [],
        checks: [{ type: 'dbs-household', delayed: true }],
      });
      expect(find(os, 'check:dbs-household')).toMatchObject({ status: 'open', delayed: true });
      expect(find(os, 'check:dbs-carer')?.delayed).toBeUndefined();
      const reminders = remindersFor('ABCD2345', os, {
        caseRecipient: 'team@anytown.example',
        designatedManager: 'manager@anytown.example',
        calendar: defaultCalendar,
        reminderPolicy: defaultReminderPolicy,
        at: (date) => new Date(`${date}T08:00:00Z`),
      });
      const about = (kind: string) => reminders.filter((r) => r.obligation === kind).map((r) => r.stage);
      expect(about('check:dbs-household')).toEqual([]);
      expect(about('check:dbs-carer')).toEqual(['due-soon', 'due-today', 'overdue', 'escalation']);
      expect(about('interim-safety-plan')).toEqual(['due-soon', 'due-today', 'overdue', 'escalation']);
    });

    it('is met when a plan is agreed, and cancelled once the late DBS check completes', () => {
      const delayed = [{ type: 'dbs-carer' as const, delayed: true }];
      expect(
        find(
          computeSchedule({
            notifiedAt,
            visits: [],
            checks: delayed,
            interimSafetyPlan: { agreedOn: '2027-01-21' },
          }),
          'interim-safety-plan',
        ),
      ).toMatchObject({ status: 'met', metOn: '2027-01-21' });
      const late = computeSchedule({
        notifiedAt,
        visits: [],
        checks: [{ type: 'dbs-carer', completedOn: '2027-01-28' }],
      });
      expect(find(late, 'interim-safety-plan')).toMatchObject({ status: 'cancelled' });
      expect(find(late, 'interim-safety-plan')?.basis).toContain('completed on 28 January 2027');
    });

    it('uses the configured number of working days', () => {
      const os = computeSchedule({
        notifiedAt,
        visits: [],
        asOf: '2027-02-01',
        policy: { ...defaultSchedulePolicy, interimSafetyPlanWorkingDays: 1 },
      });
      expect(find(os, 'interim-safety-plan')).toMatchObject({ due: '2027-01-19' });
    });
  });

  it('schedules requested visits and meets them with the next visit', () => {
    const os = computeSchedule({
      notifiedAt,
      visits: [{ date: '2027-01-04' }, { date: '2027-03-30' }],
      requestedVisits: [{ requestedOn: '2027-03-24' }, { requestedOn: '2027-04-01' }],
    });
    const requested = os.filter((o) => o.kind === 'requested-visit');
    expect(requested).toEqual([
      expect.objectContaining({ due: '2027-04-06', status: 'met', metOn: '2027-03-30' }),
      expect.objectContaining({ due: '2027-04-12', status: 'open' }),
    ]);
  });

  it('cancels every open obligation when the arrangement ends, keeping what was met', () => {
    const os = computeSchedule({
      notifiedAt,
      visits: [{ date: '2027-01-04' }],
      dateOfBirth: '2012-05-01',
      checks: [{ type: 'police', completedOn: '2027-01-08' }],
      ended: { on: '2027-02-01' },
    });
    expect(find(os, 'initial-visit')?.status).toBe('met');
    expect(find(os, 'check:police')?.status).toBe('met');
    const rest = os.filter((o) => o.kind !== 'initial-visit' && o.kind !== 'check:police');
    expect(rest.length).toBeGreaterThan(0);
    for (const o of rest) {
      expect(o.status).toBe('cancelled');
      expect(o.basis).toContain('ended on 1 February 2027');
    }
  });

  it('throws for malformed dates', () => {
    expect(() => computeSchedule({ notifiedAt, visits: [{ date: '2027-02-30' }] })).toThrow(RangeError);
    expect(() => computeSchedule({ notifiedAt, visits: [], frontDoorDecidedOn: '2027-13-01' })).toThrow(
      RangeError,
    );
  });
});

describe('reminders', () => {
  it('plans due soon, due today and overdue', () => {
    expect(planReminderStages({ due: '2027-01-04', status: 'open' })).toEqual([
      { stage: 'due-soon', sendOn: '2026-12-30' }, // 2 working days before: 1 Jan is a bank holiday
      { stage: 'due-today', sendOn: '2027-01-04' },
      { stage: 'overdue', sendOn: '2027-01-05' },
    ]);
    expect(
      planReminderStages({ due: '2026-04-07', status: 'open' }, { ...defaultReminderPolicy })[0],
    ).toEqual({
      stage: 'due-soon',
      sendOn: '2026-04-01', // Easter Monday and Good Friday skipped
    });
  });

  it('honours the configured lead and sends nothing for closed obligations', () => {
    const policy = ReminderPolicySchema.parse({ dueSoonLeadWorkingDays: 0 });
    expect(planReminderStages({ due: '2027-01-04', status: 'open' }, policy).map((s) => s.stage)).toEqual([
      'due-today',
      'overdue',
    ]);
    expect(planReminderStages({ due: '2027-01-04', status: 'met' })).toEqual([]);
    expect(planReminderStages({ due: '2027-01-04', status: 'cancelled' })).toEqual([]);
  });

  it('repeats overdue escalations weekly by default', () => {
    expect(defaultReminderPolicy).toEqual({ dueSoonLeadWorkingDays: 2, overdueRepeatDays: 7 });
    const sent = new Date('2027-01-05T08:05:00Z');
    expect(nextOverdueRepeat(sent).toISOString()).toBe('2027-01-12T08:05:00.000Z');
    expect(nextOverdueRepeat(sent, { dueSoonLeadWorkingDays: 2, overdueRepeatDays: 3 }).toISOString()).toBe(
      '2027-01-08T08:05:00.000Z',
    );
  });
});
