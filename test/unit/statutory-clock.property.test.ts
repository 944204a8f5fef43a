import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addYears,
  compareIsoDates,
  daysBetween,
  londonDateOf,
} from '../../shared/domain/local-date.ts';
import { remindersFor } from '../../shared/domain/reminder-plan.ts';
import {
  ageLimitOf,
  computeSchedule,
  defaultReminderPolicy,
  defaultSchedulePolicy,
  initialVisitDue,
  nextRegulation8VisitDue,
  ObligationSchema,
  planReminderStages,
  type ScheduleInput,
  type VisitKind,
} from '../../shared/domain/statutory-clock.ts';
import { defaultCalendar as cal } from '../../shared/domain/working-days.ts';

// Instants and dates well inside the bank holiday data (2025–2030), leaving room to count forward.
const instant = fc.date({
  min: new Date('2025-01-01T00:00:00Z'),
  max: new Date('2030-11-30T23:59:59Z'),
  noInvalidDate: true,
});
// Early enough that a first visit up to 400 days later still leaves room to count checks forward.
const earlierInstant = fc.date({
  min: new Date('2025-01-01T00:00:00Z'),
  max: new Date('2029-10-31T23:59:59Z'),
  noInvalidDate: true,
});
const date = fc
  .integer({ min: 0, max: daysBetween('2025-01-01', '2030-10-31') })
  .map((n) => addDays('2025-01-01', n));

/** Working days in (from, to]. */
function workingDaysIn(from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1); compareIsoDates(d, to) <= 0; d = addDays(d, 1))
    if (cal.isWorkingDay(d)) n += 1;
  return n;
}

describe('statutory clock properties', () => {
  it('the initial visit is always due on a working day, after the London date of receipt', () => {
    fc.assert(
      fc.property(instant, (notifiedAt) => {
        const { due, receivedOn } = initialVisitDue(notifiedAt);
        expect(receivedOn).toBe(londonDateOf(notifiedAt));
        expect(cal.isWorkingDay(due)).toBe(true);
        expect(compareIsoDates(due, receivedOn)).toBe(1);
        expect(workingDaysIn(receivedOn, due)).toBe(7);
        // Never before the UTC date either: London is never behind UTC.
        expect(compareIsoDates(due, notifiedAt.toISOString().slice(0, 10))).toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it('regulation 8 intervals never exceed 6 weeks in year one or 12 weeks after', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 3 * 366 }),
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        (notifiedAt, offset, local) => {
          const began = londonDateOf(notifiedAt);
          const lastVisit = addDays(began, offset);
          const r = nextRegulation8VisitDue({
            notifiedAt,
            lastVisit,
            ...(local === undefined ? {} : { localIntervalWeeks: local }),
          });
          const firstYear = compareIsoDates(lastVisit, addYears(began, 1)) < 0;
          const interval = daysBetween(lastVisit, r.due);
          expect(r.arrangementYear === 1).toBe(firstYear);
          expect(interval).toBeGreaterThan(0);
          expect(interval).toBeLessThanOrEqual(firstYear ? 42 : 84);
          if (local !== undefined) expect(interval).toBeLessThanOrEqual(local * 7);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('addWorkingDays(n) passes exactly n working days and accounts for every day skipped', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 40 }), (start, n) => {
        const r = cal.addWorkingDays(start, n);
        expect(workingDaysIn(start, r.date)).toBe(n);
        if (n > 0) expect(cal.isWorkingDay(r.date)).toBe(true);
        expect(daysBetween(start, r.date)).toBe(n + r.weekendDays + r.skipped.length);
        for (const s of r.skipped) expect(cal.isWorkingDay(s.date)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('subtractWorkingDays undoes addWorkingDays from a working day', () => {
    fc.assert(
      fc.property(
        date.filter((d) => cal.isWorkingDay(d)),
        fc.integer({ min: 0, max: 40 }),
        (start, n) => {
          expect(cal.subtractWorkingDays(cal.addWorkingDays(start, n).date, n).date).toBe(start);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('schedules are sorted, and reminders come in order on or before the day after the due date', () => {
    fc.assert(
      fc.property(
        earlierInstant,
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 5 }),
        (notifiedAt, offsets) => {
          const began = londonDateOf(notifiedAt);
          const visits = offsets.map((o) => ({ date: addDays(began, o) }));
          const os = computeSchedule({ notifiedAt, visits });
          const dues = os.map((o) => o.due);
          expect([...dues].sort()).toEqual(dues);
          expect(os.some((o) => o.kind === 'regulation-8-visit')).toBe(visits.length > 0);
          const open = os.find((o) => o.status === 'open');
          if (open !== undefined && cal.coversDate(addDays(open.due, -14))) {
            const stages = planReminderStages(open);
            const sendOns = stages.map((s) => s.sendOn);
            expect([...sendOns].sort()).toEqual(sendOns);
            expect(stages.at(-1)).toEqual({ stage: 'overdue', sendOn: addDays(open.due, 1) });
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The lifecycle (issue 11): proposals and move-in (regulations 3–7), visits that count, the end
// at 16/18 (Children Act 1989 s.66). Case histories from 2018 (the data's start) to 2030; counts
// past the data are flagged, never thrown, so any date goes.
// ---------------------------------------------------------------------------------------------

const anyInstant = fc.date({
  min: new Date('2018-01-01T00:00:00Z'),
  max: new Date('2030-06-30T23:59:59Z'),
  noInvalidDate: true,
});
// An evening notification in British Summer Time: already the next day in London.
const eveningInSummer = fc
  .record({
    day: fc.integer({ min: 0, max: daysBetween('2018-04-01', '2030-09-30') }),
    minute: fc.integer({ min: 23 * 60, max: 24 * 60 - 1 }),
  })
  .map(({ day, minute }) => new Date(Date.parse(`${addDays('2018-04-01', day)}T00:00:00Z`) + minute * 60_000))
  .filter((d) => londonDateOf(d) !== d.toISOString().slice(0, 10));
const notification = fc.oneof(anyInstant, eveningInSummer);

const visitKind = fc.constantFrom<VisitKind | undefined>('initial', 'regulation-8', 'requested', undefined);

/** A case history around a notification: visits from 60 days before it to 2 years after. */
const history = notification.chain((notifiedAt) => {
  const receivedOn = londonDateOf(notifiedAt);
  return fc.record({
    notifiedAt: fc.constant(notifiedAt),
    visits: fc.array(
      fc.record({
        date: fc.integer({ min: -60, max: 730 }).map((n) => addDays(receivedOn, n)),
        kind: visitKind,
      }),
      { maxLength: 6 },
    ),
    requestedVisits: fc.array(
      fc.integer({ min: 0, max: 400 }).map((n) => ({ requestedOn: addDays(receivedOn, n) })),
      { maxLength: 2 },
    ),
    dateOfBirth: fc.option(
      fc.integer({ min: 0, max: 19 * 366 }).map((n) => addDays(receivedOn, -n)),
      { nil: undefined },
    ),
    disabled: fc.boolean(),
    disabilityUnknown: fc.boolean(),
    proposal: fc.boolean(),
    // Hours after the notification that the council was told of the move-in (regulation 6).
    movedInAfterHours: fc.option(fc.integer({ min: 0, max: 400 * 24 }), { nil: undefined }),
    frontDoorDecidedOn: fc.option(
      fc.integer({ min: 0, max: 5 }).map((n) => addDays(receivedOn, n)),
      { nil: undefined },
    ),
    localIntervalWeeks: fc.option(fc.integer({ min: 1, max: 14 }), { nil: undefined }),
  });
});

type History = typeof history extends fc.Arbitrary<infer H> ? H : never;

function inputOf(h: History): ScheduleInput {
  return {
    notifiedAt: h.notifiedAt,
    visits: h.visits.map((v) => (v.kind === undefined ? { date: v.date } : { date: v.date, kind: v.kind })),
    requestedVisits: h.requestedVisits,
    ...(h.dateOfBirth === undefined ? {} : { dateOfBirth: h.dateOfBirth }),
    disabled: h.disabled,
    disabilityUnknown: h.disabilityUnknown,
    proposal: h.proposal,
    ...(h.movedInAfterHours === undefined
      ? {}
      : { movedInAt: new Date(h.notifiedAt.getTime() + h.movedInAfterHours * 3_600_000) }),
    ...(h.frontDoorDecidedOn === undefined ? {} : { frontDoorDecidedOn: h.frontDoorDecidedOn }),
    policy: {
      ...defaultSchedulePolicy,
      ...(h.localIntervalWeeks === undefined ? {} : { localIntervalWeeks: h.localIntervalWeeks }),
    },
  };
}

const VISIT_OBLIGATIONS = ['initial-visit', 'move-in-visit', 'regulation-8-visit', 'requested-visit'];

describe('lifecycle properties', () => {
  it('nothing due on or after the age limit is open, except the end, its review and the front door (s.66)', () => {
    fc.assert(
      fc.property(history, (h) => {
        const input = inputOf(h);
        const os = computeSchedule(input);
        for (const o of os) expect(ObligationSchema.parse(o)).toEqual(o);
        if (input.dateOfBirth === undefined) return;
        const limit = ageLimitOf({
          dateOfBirth: input.dateOfBirth,
          disabled: h.disabled,
          disabilityUnknown: h.disabilityUnknown,
        });
        for (const o of os) {
          if (['arrangement-end', 'end-review', 'front-door-decision'].includes(o.kind)) continue;
          if (compareIsoDates(o.due, limit.on) >= 0) expect(o.status).not.toBe('open');
        }
        // And nothing after it is reminded but the end itself.
        const reminded = new Set(
          remindersFor('PF-P', os, {
            caseRecipient: 'c',
            designatedManager: 'm',
            calendar: cal,
            reminderPolicy: defaultReminderPolicy,
            at: (d) => new Date(`${d}T08:00:00Z`),
          })
            .filter((r) => compareIsoDates(r.due, limit.on) >= 0)
            .map((r) => r.obligation),
        );
        for (const k of reminded)
          expect(['arrangement-end', 'end-review', 'front-door-decision']).toContain(k);
        // A child already past the limit when notified has no visit schedule at all.
        if (compareIsoDates(londonDateOf(h.notifiedAt), limit.on) >= 0) {
          expect(os.map((o) => o.kind).sort()).toEqual(['arrangement-end', 'front-door-decision']);
        }
      }),
      { numRuns: 250 },
    );
  });

  it('a visit dated before the London date of the notification meets nothing and changes nothing', () => {
    fc.assert(
      fc.property(history, (h) => {
        const input = inputOf(h);
        const receivedOn = londonDateOf(h.notifiedAt);
        const os = computeSchedule(input);
        for (const o of os) {
          if (VISIT_OBLIGATIONS.includes(o.kind) && o.metOn !== undefined) {
            expect(compareIsoDates(o.metOn, receivedOn)).toBeGreaterThanOrEqual(0);
          }
        }
        const withoutEarly = computeSchedule({
          ...input,
          visits: input.visits.filter((v) => compareIsoDates(v.date, receivedOn) >= 0),
        });
        expect(os).toEqual(withoutEarly);
      }),
      { numRuns: 250 },
    );
  });

  it('every regulation 8 interval from a visit while the child lives there is at most 42/84 days (reg 8(1))', () => {
    fc.assert(
      fc.property(history, (h) => {
        const input = inputOf(h);
        const receivedOn = londonDateOf(h.notifiedAt);
        const os = computeSchedule(input);
        const reg8 = os.find((o) => o.kind === 'regulation-8-visit');
        const proposal = input.proposal === true || input.movedInAt !== undefined;
        // Running: the child lives there from the notification; a proposal: from the move-in.
        const livesFrom = proposal
          ? input.movedInAt === undefined
            ? undefined
            : londonDateOf(input.movedInAt)
          : receivedOn;
        const lived = input.visits
          .map((v) => v.date)
          .filter((d) => livesFrom !== undefined && compareIsoDates(d, livesFrom) >= 0)
          .sort();
        const last = lived.at(-1);
        const pastLimit =
          input.dateOfBirth !== undefined &&
          compareIsoDates(
            receivedOn,
            ageLimitOf({
              dateOfBirth: input.dateOfBirth,
              disabled: h.disabled,
              disabilityUnknown: h.disabilityUnknown,
            }).on,
          ) >= 0;
        if (last === undefined || pastLimit) {
          expect(reg8).toBeUndefined();
          return;
        }
        expect(reg8).toBeDefined();
        const interval = daysBetween(last, reg8?.due as string);
        const firstYear = compareIsoDates(last, addYears(receivedOn, 1)) < 0;
        expect(interval).toBeGreaterThan(0);
        expect(interval).toBeLessThanOrEqual(firstYear ? 42 : 84);
        if (h.localIntervalWeeks !== undefined)
          expect(interval).toBeLessThanOrEqual(h.localIntervalWeeks * 7);
      }),
      { numRuns: 250 },
    );
  });

  it('every schedule has a front-door decision one working day after the London date, met when recorded', () => {
    fc.assert(
      fc.property(history, (h) => {
        const os = computeSchedule(inputOf(h));
        const fd = os.filter((o) => o.kind === 'front-door-decision');
        expect(fd).toHaveLength(1);
        const receivedOn = londonDateOf(h.notifiedAt);
        expect(workingDaysIn(receivedOn, fd[0]?.due as string)).toBe(1);
        expect(fd[0]?.status).toBe(h.frontDoorDecidedOn === undefined ? 'open' : 'met');
      }),
      { numRuns: 200 },
    );
  });
});
