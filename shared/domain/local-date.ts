/**
 * Calendar dates as the council sees them: plain `YYYY-MM-DD` strings in Europe/London.
 *
 * Arithmetic is done on the date components in UTC (no time of day, no daylight saving), so adding
 * a day is always exactly one calendar day. The only place a time zone matters is turning an
 * instant (when a notification arrived) into the council's local date: {@link londonDateOf}.
 */
import * as z from 'zod/mini';

/** A calendar date, `YYYY-MM-DD` (e.g. `2026-12-21`), with no time and no time zone. */
export type IsoDate = string;

/** Validates a real calendar date in `YYYY-MM-DD` form (rejects `2027-02-29`, `2026-13-01`). */
export const IsoDateSchema = z.iso.date();

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
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
] as const;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

interface Parts {
  year: number;
  month: number;
  day: number;
}

function parts(d: IsoDate): Parts {
  const m = ISO_DATE.exec(d);
  if (m === null) throw new RangeError(`Not a date in YYYY-MM-DD form: ${JSON.stringify(d)}`);
  const p = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > daysInMonth(p.year, p.month)) {
    throw new RangeError(`Not a real calendar date: ${JSON.stringify(d)}`);
  }
  return p;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Milliseconds at UTC midnight of the date (setUTCFullYear avoids Date.UTC's 0–99 → 1900s quirk). */
function toUtcMs(p: Parts): number {
  const t = new Date(0);
  t.setUTCFullYear(p.year, p.month - 1, p.day);
  return t.getTime();
}

function fromUtcMs(ms: number): IsoDate {
  const t = new Date(ms);
  return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function format(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function assertInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a whole number, got ${n}`);
}

/** True when `d` is a real calendar date in `YYYY-MM-DD` form. */
export function isIsoDate(d: unknown): d is IsoDate {
  if (typeof d !== 'string') return false;
  try {
    parts(d);
    return true;
  } catch {
    return false;
  }
}

/** Throws a RangeError unless `d` is a real calendar date in `YYYY-MM-DD` form. */
export function assertIsoDate(d: string): asserts d is IsoDate {
  parts(d);
}

// Made on first use: the first Intl.DateTimeFormat in a process loads ICU's locale and time-zone
// data (about 10 ms), which a cold start serving a page that shows no date need not pay (issue 16).
let londonFormatter: Intl.DateTimeFormat | undefined;

/**
 * The calendar date in Europe/London at `instant`. In summer (BST, UTC+1) 2026-06-10T23:30Z is
 * already 11 June in London; in winter (GMT) 2026-12-10T23:30Z is still 10 December.
 */
export function londonDateOf(instant: Date): IsoDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('londonDateOf: invalid Date');
  londonFormatter ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const p = Object.fromEntries(londonFormatter.formatToParts(instant).map((x) => [x.type, x.value]));
  return format(Number(p.year), Number(p.month), Number(p.day));
}

/** `d` plus `n` calendar days (`n` may be negative). */
export function addDays(d: IsoDate, n: number): IsoDate {
  assertInteger(n, 'addDays: n');
  return fromUtcMs(toUtcMs(parts(d)) + n * DAY_MS);
}

/** `d` plus `n` weeks of 7 calendar days (`n` may be negative). */
export function addWeeks(d: IsoDate, n: number): IsoDate {
  assertInteger(n, 'addWeeks: n');
  return addDays(d, n * 7);
}

/**
 * The same day and month `n` years later (or earlier). 29 February in a year without one becomes
 * 1 March: a child born on 29 February reaches an age on 1 March in a non-leap year.
 */
export function addYears(d: IsoDate, n: number): IsoDate {
  assertInteger(n, 'addYears: n');
  const p = parts(d);
  const year = p.year + n;
  if (p.month === 2 && p.day === 29 && !isLeapYear(year)) return format(year, 3, 1);
  return format(year, p.month, p.day);
}

/** Negative when `a` is before `b`, 0 when equal, positive when after (usable with `Array.sort`). */
export function compareIsoDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const diff = toUtcMs(parts(a)) - toUtcMs(parts(b));
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

/** Calendar days from `from` to `to`: `daysBetween('2026-12-21', '2027-01-04') === 14`. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMs(parts(to)) - toUtcMs(parts(from))) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(d: IsoDate): number {
  return new Date(toUtcMs(parts(d))).getUTCDay();
}

/** `'Saturday'`, `'Sunday'`, … */
export function weekdayName(d: IsoDate): string {
  return WEEKDAYS[dayOfWeek(d)] as string;
}

/** True on Saturdays and Sundays. */
export function isWeekend(d: IsoDate): boolean {
  const w = dayOfWeek(d);
  return w === 0 || w === 6;
}

/** The year of a date, as a number. */
export function yearOf(d: IsoDate): number {
  return parts(d).year;
}

/** GOV.UK style long date: `formatLongDate('2027-01-04') === '4 January 2027'`. */
/** The month's English name, 1 = January (the one list of month names). */
export function monthName(month: number): string {
  return MONTHS[month - 1] ?? '';
}

export function formatLongDate(d: IsoDate): string {
  const p = parts(d);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}
