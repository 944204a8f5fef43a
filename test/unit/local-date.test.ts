import { describe, expect, it } from 'vitest';
import {
  addDays,
  addWeeks,
  addYears,
  compareIsoDates,
  daysBetween,
  formatLongDate,
  isIsoDate,
  londonDateOf,
  weekdayName,
} from '../../shared/domain/local-date.ts';

describe('londonDateOf', () => {
  it.each([
    // BST (UTC+1): late evening UTC is already the next day in London.
    ['2026-06-10T23:30:00Z', '2026-06-11'],
    ['2026-06-10T22:59:59Z', '2026-06-10'],
    ['2026-06-10T23:00:00Z', '2026-06-11'],
    // GMT (UTC+0): the same day.
    ['2026-12-10T23:30:00Z', '2026-12-10'],
    ['2026-12-31T23:59:59Z', '2026-12-31'],
    ['2027-01-01T00:00:00Z', '2027-01-01'],
    // Clocks go forward 01:00 UTC on 29 March 2026, back 01:00 UTC on 25 October 2026.
    ['2026-03-28T23:30:00Z', '2026-03-28'],
    ['2026-03-29T23:30:00Z', '2026-03-30'],
    ['2026-10-24T23:30:00Z', '2026-10-25'],
    ['2026-10-25T23:30:00Z', '2026-10-25'],
    // An offset in the input is just another way of writing the instant.
    ['2026-06-11T00:30:00+01:00', '2026-06-11'],
  ])('%s is %s in London', (instant, expected) => {
    expect(londonDateOf(new Date(instant))).toBe(expected);
  });

  it('refuses an invalid Date', () => {
    expect(() => londonDateOf(new Date('nope'))).toThrow(RangeError);
  });
});

describe('date arithmetic', () => {
  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2027-03-01', -1, '2027-02-28'],
    ['2026-03-28', 2, '2026-03-30'], // across the clock change: still whole days
    ['2026-01-01', 365, '2027-01-01'],
    ['2028-01-01', 366, '2029-01-01'],
  ])('addDays(%s, %i) = %s', (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected);
  });

  it.each([
    ['2027-01-04', 6, '2027-02-15'],
    ['2027-12-21', 12, '2028-03-14'],
    ['2028-02-29', -12, '2027-12-07'],
  ])('addWeeks(%s, %i) = %s', (d, n, expected) => {
    expect(addWeeks(d, n)).toBe(expected);
  });

  it.each([
    ['2012-02-29', 16, '2028-02-29'], // leap year to leap year
    ['2012-02-29', 18, '2030-03-01'], // a child born on 29 February reaches 18 on 1 March 2030
    ['2012-02-29', 17, '2029-03-01'],
    ['2013-02-28', 16, '2029-02-28'],
    ['2010-06-15', 18, '2028-06-15'],
    ['2026-12-21', 1, '2027-12-21'],
    ['2000-02-29', 100, '2100-03-01'], // 2100 is not a leap year
  ])('addYears(%s, %i) = %s', (d, n, expected) => {
    expect(addYears(d, n)).toBe(expected);
  });

  it('compares and measures', () => {
    expect(compareIsoDates('2026-12-21', '2027-01-04')).toBe(-1);
    expect(compareIsoDates('2027-01-04', '2027-01-04')).toBe(0);
    expect(compareIsoDates('2027-01-05', '2027-01-04')).toBe(1);
    expect(daysBetween('2026-12-21', '2027-01-04')).toBe(14);
    expect(daysBetween('2027-01-04', '2026-12-21')).toBe(-14);
    expect(daysBetween('2028-02-01', '2028-03-01')).toBe(29);
  });

  it('formats GOV.UK long dates and weekdays', () => {
    expect(formatLongDate('2026-12-21')).toBe('21 December 2026');
    expect(formatLongDate('2027-01-04')).toBe('4 January 2027');
    expect(weekdayName('2026-12-26')).toBe('Saturday');
    expect(weekdayName('2027-01-04')).toBe('Monday');
  });

  it.each(['2027-02-29', '2026-13-01', '2026-1-01', '26-01-01', '2026-01-01T00:00Z', ''])(
    'rejects %j',
    (d) => {
      expect(isIsoDate(d)).toBe(false);
      expect(() => addDays(d, 1)).toThrow(RangeError);
    },
  );

  it('rejects fractional counts', () => {
    expect(() => addDays('2026-01-01', 1.5)).toThrow(RangeError);
  });
});
