import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addYears,
  compareIsoDates,
  daysBetween,
  londonDateOf,
} from '../../shared/domain/local-date.ts';
import {
  computeSchedule,
  initialVisitDue,
  nextRegulation8VisitDue,
  planReminderStages,
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
