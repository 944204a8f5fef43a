import { describe, expect, it } from 'vitest';
import { dayOfWeek } from '../../shared/domain/local-date.ts';
import {
  CalendarOutOfRangeError,
  createWorkingDayCalendar,
  defaultCalendar,
  describeSkipped,
} from '../../shared/domain/working-days.ts';

const cal = defaultCalendar;

describe('isWorkingDay', () => {
  it.each([
    ['2026-12-21', true, undefined],
    ['2026-12-25', false, 'Christmas Day'],
    ['2026-12-26', false, 'Saturday'],
    ['2026-12-27', false, 'Sunday'],
    ['2026-12-28', false, 'Boxing Day, substitute day'],
    ['2027-12-27', false, 'Christmas Day, substitute day'],
    ['2027-12-28', false, 'Boxing Day, substitute day'],
    ['2027-12-29', true, undefined],
    ['2028-01-03', false, 'New Year’s Day, substitute day'],
    ['2026-04-03', false, 'Good Friday'],
    ['2026-04-06', false, 'Easter Monday'],
    ['2026-04-07', true, undefined],
    ['2027-03-26', false, 'Good Friday'],
    ['2027-03-29', false, 'Easter Monday'],
    ['2028-04-14', false, 'Good Friday'],
    ['2026-05-04', false, 'Early May bank holiday'],
    ['2026-05-25', false, 'Spring bank holiday'],
    ['2026-08-31', false, 'Summer bank holiday'],
    ['2026-06-15', true, undefined], // Scotland's holiday does not apply in England
    ['2030-12-26', false, 'Boxing Day'],
  ])('%s: working day %s (%s)', (d, working, reason) => {
    expect(cal.isWorkingDay(d)).toBe(working);
    expect(cal.nonWorkingReason(d)).toBe(reason);
  });

  it('treats Christmas Day as non-working even when the data leaves it out', () => {
    const sparse = createWorkingDayCalendar({
      'england-and-wales': {
        division: 'england-and-wales',
        events: [{ title: 'New Year’s Day', date: '2026-01-01', notes: '', bunting: true }],
      },
    });
    expect(sparse.isWorkingDay('2026-12-25')).toBe(false);
    expect(sparse.nonWorkingReason('2026-12-25')).toBe('Christmas Day');
    expect(sparse.isWorkingDay('2026-12-24')).toBe(true);
  });

  it('validates the feed', () => {
    expect(() => createWorkingDayCalendar({})).toThrow();
    expect(() =>
      createWorkingDayCalendar({
        'england-and-wales': {
          division: 'england-and-wales',
          events: [{ title: 'X', date: '2026-02-30', notes: '', bunting: true }],
        },
      }),
    ).toThrow();
  });
});

describe('addWorkingDays', () => {
  it.each([
    // [start, n, expected]
    ['2026-12-21', 7, '2027-01-04'], // Christmas, Boxing Day substitute, New Year
    ['2027-12-23', 7, '2028-01-06'], // 27+28 Dec 2027 and 3 Jan 2028 substitutes
    ['2026-04-01', 7, '2026-04-14'], // Good Friday and Easter Monday
    ['2026-03-06', 7, '2026-03-17'], // from a Friday
    ['2026-03-07', 7, '2026-03-17'], // from a Saturday: Monday is day 1
    ['2026-03-08', 1, '2026-03-09'], // from a Sunday
    ['2026-03-06', 1, '2026-03-09'], // Friday + 1 = Monday
    ['2027-04-30', 7, '2027-05-12'], // early May bank holiday
    ['2026-08-28', 7, '2026-09-09'], // summer bank holiday
    ['2026-03-06', 0, '2026-03-06'],
  ])('%s + %i working days = %s', (start, n, expected) => {
    expect(cal.addWorkingDays(start, n).date).toBe(expected);
  });

  it('names the non-weekend days skipped and counts weekends', () => {
    const r = cal.addWorkingDays('2026-12-21', 7);
    expect(r.skipped).toEqual([
      { date: '2026-12-25', reason: 'Christmas Day' },
      { date: '2026-12-28', reason: 'Boxing Day, substitute day' },
      { date: '2027-01-01', reason: 'New Year’s Day' },
    ]);
    expect(r.weekendDays).toBe(4);
    expect(describeSkipped(r)).toBe(
      '25 December 2026 (Christmas Day), 28 December 2026 (Boxing Day, substitute day), 1 January 2027 (New Year’s Day) and 4 weekend days',
    );
  });

  it('does not list Christmas Day when it falls on a weekend (2027)', () => {
    const r = cal.addWorkingDays('2027-12-23', 7);
    expect(r.skipped.map((s) => s.date)).toEqual(['2027-12-27', '2027-12-28', '2028-01-03']);
    expect(r.weekendDays).toBe(4);
  });

  it('subtracts working days', () => {
    expect(cal.subtractWorkingDays('2027-01-04', 2).date).toBe('2026-12-30');
    expect(cal.subtractWorkingDays('2026-04-07', 1).date).toBe('2026-04-02');
    expect(cal.subtractWorkingDays('2026-04-07', 1).skipped.map((s) => s.date)).toEqual([
      '2026-04-03',
      '2026-04-06',
    ]);
  });

  it.each([-1, 1.5, Number.NaN])('refuses %s working days', (n) => {
    expect(() => cal.addWorkingDays('2026-03-06', n)).toThrow(RangeError);
  });
});

describe('dates beyond the data', () => {
  it('knows which years it covers', () => {
    // 2018 onward, so older open cases can be loaded (GOV.UK's feed history).
    expect(cal.coveredYears).toEqual([
      2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030,
    ]);
    expect(cal.coversDate('2018-01-01')).toBe(true);
    expect(cal.coversDate('2030-12-31')).toBe(true);
    expect(cal.coversDate('2031-01-01')).toBe(false);
    expect(cal.coversDate('2017-12-31')).toBe(false);
  });

  it('throws rather than guess, saying which year and what to run', () => {
    expect(() => cal.isWorkingDay('2031-01-02')).toThrow(CalendarOutOfRangeError);
    expect(() => cal.addWorkingDays('2030-12-20', 10)).toThrow(CalendarOutOfRangeError);
    expect(() => cal.subtractWorkingDays('2018-01-02', 2)).toThrow(CalendarOutOfRangeError);
    try {
      cal.addWorkingDays('2030-12-20', 10);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarOutOfRangeError);
      const e = error as CalendarOutOfRangeError;
      expect(e.year).toBe(2031);
      expect(e.date).toBe('2031-01-01');
      expect(e.message).toContain('2031');
      expect(e.message).toContain('npm run holidays:update');
    }
  });

  it('still counts up to the last covered day', () => {
    // Fri 20 Dec 2030: 23, 24, 27, 30, 31 December are working days.
    expect(cal.addWorkingDays('2030-12-20', 5).date).toBe('2030-12-31');
    expect(dayOfWeek('2030-12-31')).toBe(2);
  });
});
