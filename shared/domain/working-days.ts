/**
 * Working days in England and Wales.
 *
 * The law (and domain.md "Working days"): a working day is any day other than Saturday, Sunday,
 * Christmas Day, Good Friday, or a bank holiday in England and Wales (Banking and Financial Dealings
 * Act 1971). Bank holidays are data, not code (one-off holidays happen), read from the GOV.UK feed
 * shape in `bank-holidays.json` (2018 onward). A date in a year the data does not cover is refused
 * with {@link CalendarOutOfRangeError}; the statutory clock wraps the calendar in
 * {@link withWeekdayFallback}, which counts such years over weekdays only and says so, so that one
 * obligation past the data is flagged rather than the whole schedule refused.
 */

import * as z from 'zod/mini';
import { schemaOnFirstUse } from '../schema-on-first-use.ts';
import feed from './bank-holidays.json' with { type: 'json' };
import {
  addDays,
  formatLongDate,
  type IsoDate,
  IsoDateSchema,
  isWeekend,
  weekdayName,
  yearOf,
} from './local-date.ts';

/** One event of the GOV.UK bank holidays feed (`https://www.gov.uk/bank-holidays.json`). */
export const BankHolidayEventSchema = schemaOnFirstUse(() =>
  z.object({
    title: z.string().check(z.minLength(1)),
    date: IsoDateSchema,
    notes: z.string(),
    bunting: z.boolean(),
  }),
);
export type BankHolidayEvent = z.infer<typeof BankHolidayEventSchema>;

/** One division of the feed (`england-and-wales`, `scotland`, `northern-ireland`). */
export const BankHolidayDivisionSchema = schemaOnFirstUse(() =>
  z.object({
    division: z.string(),
    events: z.array(BankHolidayEventSchema),
  }),
);

/**
 * The part of the GOV.UK feed this service uses. Other divisions (Scotland's 15 June 2026 holiday,
 * say) do not apply to councils in England and are ignored.
 */
export const BankHolidayFeedSchema = schemaOnFirstUse(() =>
  z.object({
    'england-and-wales': z.object({
      division: z.literal('england-and-wales'),
      events: z.array(BankHolidayEventSchema).check(z.minLength(1)),
    }),
  }),
);
export type BankHolidayFeed = z.infer<typeof BankHolidayFeedSchema>;

/** A non-working day passed over while counting, other than a Saturday or Sunday. */
export interface SkippedDay {
  date: IsoDate;
  /** Why it is not a working day, e.g. `Christmas Day` or `Boxing Day, substitute day`. */
  reason: string;
}

/** The result of counting working days, with what was passed over (for the "basis" shown to staff). */
export interface WorkingDayCount {
  date: IsoDate;
  /** Bank holidays, Christmas Day and Good Friday passed over, in date order (weekends excluded). */
  skipped: SkippedDay[];
  /** Saturdays and Sundays passed over. */
  weekendDays: number;
  /**
   * Years the count ran through without bank holiday data (only from a calendar made by
   * {@link withWeekdayFallback}): there only weekends and Christmas Day were skipped, so the date
   * may be early. Absent when the data covered every day counted.
   */
  uncoveredYears?: number[];
}

/** A working-day calendar for England and Wales built from bank holiday data. */
export interface WorkingDayCalendar {
  /** Years the bank holiday data covers, ascending. */
  readonly coveredYears: readonly number[];
  /** True if the data covers the year of `d` (so questions about `d` can be answered). */
  coversDate(d: IsoDate): boolean;
  /** False on Saturday, Sunday, Christmas Day, Good Friday and every England and Wales bank holiday. */
  isWorkingDay(d: IsoDate): boolean;
  /** Why `d` is not a working day (`Saturday`, `Good Friday`, …), or undefined if it is one. */
  nonWorkingReason(d: IsoDate): string | undefined;
  /**
   * The `n`th working day after `start`. The start day itself is never counted (the day a
   * notification is received is day 0), so `addWorkingDays(friday, 1)` is the next Monday.
   */
  addWorkingDays(start: IsoDate, n: number): WorkingDayCount;
  /** The `n`th working day before `start` (the start day itself is not counted). */
  subtractWorkingDays(start: IsoDate, n: number): WorkingDayCount;
}

/** Thrown for a date in a year the bank holiday data does not cover. */
export class CalendarOutOfRangeError extends RangeError {
  readonly date: IsoDate;
  readonly year: number;

  constructor(date: IsoDate, coveredYears: readonly number[]) {
    const year = yearOf(date);
    const range =
      coveredYears.length === 0 ? 'no years' : `${coveredYears[0]}–${coveredYears[coveredYears.length - 1]}`;
    super(
      `No England and Wales bank holiday data for ${year} (needed for ${date}); the calendar covers ${range}. ` +
        'Working days are never guessed: run `npm run holidays:update` to refresh shared/domain/bank-holidays.json.',
    );
    this.name = 'CalendarOutOfRangeError';
    this.date = date;
    this.year = year;
  }
}

function describe(event: BankHolidayEvent): string {
  const notes = event.notes.trim();
  return notes === '' ? event.title : `${event.title}, ${notes.toLowerCase()}`;
}

/** Builds a calendar from GOV.UK-shaped bank holiday data (validated; throws a ZodError if malformed). */
export function createWorkingDayCalendar(data: unknown): WorkingDayCalendar {
  const parsed = BankHolidayFeedSchema.parse(data);
  const holidays = new Map<IsoDate, string>();
  for (const event of parsed['england-and-wales'].events) {
    const existing = holidays.get(event.date);
    holidays.set(event.date, existing === undefined ? describe(event) : `${existing} and ${describe(event)}`);
  }
  const years = new Set([...holidays.keys()].map(yearOf));
  const coveredYears = Object.freeze([...years].sort((a, b) => a - b));

  const coversDate = (d: IsoDate): boolean => years.has(yearOf(d));

  const nonWorkingReason = (d: IsoDate): string | undefined => {
    if (!coversDate(d)) throw new CalendarOutOfRangeError(d, coveredYears);
    if (isWeekend(d)) return weekdayName(d);
    const holiday = holidays.get(d);
    if (holiday !== undefined) return holiday;
    // Christmas Day is named in the definition itself, so it is never a working day even if the
    // data left it out. (Good Friday is a bank holiday in the feed every year.)
    if (d.endsWith('-12-25')) return 'Christmas Day';
    return undefined;
  };

  const count = (start: IsoDate, n: number, step: 1 | -1): WorkingDayCount => {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`Number of working days must be a whole number of 0 or more, got ${n}`);
    }
    const skipped: SkippedDay[] = [];
    let weekendDays = 0;
    let d = start;
    let counted = 0;
    while (counted < n) {
      d = addDays(d, step);
      const reason = nonWorkingReason(d);
      if (reason === undefined) counted += 1;
      else if (isWeekend(d)) weekendDays += 1;
      else skipped.push({ date: d, reason });
    }
    if (step === -1) skipped.reverse();
    return { date: d, skipped, weekendDays };
  };

  return {
    coveredYears,
    coversDate,
    isWorkingDay: (d) => nonWorkingReason(d) === undefined,
    nonWorkingReason,
    addWorkingDays: (start, n) => count(start, n, 1),
    subtractWorkingDays: (start, n) => count(start, n, -1),
  };
}

/**
 * Describes what a count passed over, for a basis: `25 December 2026 (Christmas Day), 28 December
 * 2026 (Boxing Day, substitute day) and 4 weekend days`. Empty string when nothing was skipped.
 */
export function describeSkipped(count: Pick<WorkingDayCount, 'skipped' | 'weekendDays'>): string {
  const items = count.skipped.map((s) => `${formatLongDate(s.date)} (${s.reason})`);
  if (count.weekendDays > 0) {
    items.push(`${count.weekendDays} weekend ${count.weekendDays === 1 ? 'day' : 'days'}`);
  }
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * A calendar that answers for years the data does not cover instead of refusing: there it skips
 * only Saturdays, Sundays and Christmas Day (named in the definition itself) and reports the year
 * in {@link WorkingDayCount.uncoveredYears}. Bank holidays and Good Friday are not guessed, so a
 * count into such a year can only come out early, never late: a reminder comes a day or two too
 * soon rather than after the deadline. Years the data covers are counted exactly as `calendar`
 * counts them. The statutory clock uses this so that one obligation running past the data says so
 * on that obligation rather than aborting the whole schedule.
 */
export function withWeekdayFallback(calendar: WorkingDayCalendar): WorkingDayCalendar {
  const nonWorkingReason = (d: IsoDate): string | undefined => {
    if (calendar.coversDate(d)) return calendar.nonWorkingReason(d);
    if (isWeekend(d)) return weekdayName(d);
    if (d.endsWith('-12-25')) return 'Christmas Day';
    return undefined;
  };
  const count = (start: IsoDate, n: number, step: 1 | -1): WorkingDayCount => {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`Number of working days must be a whole number of 0 or more, got ${n}`);
    }
    const skipped: SkippedDay[] = [];
    const uncovered = new Set<number>();
    let weekendDays = 0;
    let d = start;
    let counted = 0;
    while (counted < n) {
      d = addDays(d, step);
      if (!calendar.coversDate(d)) uncovered.add(yearOf(d));
      const reason = nonWorkingReason(d);
      if (reason === undefined) counted += 1;
      else if (isWeekend(d)) weekendDays += 1;
      else skipped.push({ date: d, reason });
    }
    if (step === -1) skipped.reverse();
    const uncoveredYears = [...uncovered].sort((a, b) => a - b);
    return uncoveredYears.length === 0
      ? { date: d, skipped, weekendDays }
      : { date: d, skipped, weekendDays, uncoveredYears };
  };
  return {
    coveredYears: calendar.coveredYears,
    coversDate: calendar.coversDate,
    isWorkingDay: (d) => nonWorkingReason(d) === undefined,
    nonWorkingReason,
    addWorkingDays: (start, n) => count(start, n, 1),
    subtractWorkingDays: (start, n) => count(start, n, -1),
  };
}

let england: WorkingDayCalendar | undefined;
/** Built (and the feed validated) on first use, not at import: a page view that counts no working days need not pay for it at a cold start (issue 16). */
const englandAndWales = (): WorkingDayCalendar => {
  england ??= createWorkingDayCalendar(feed);
  return england;
};

/** The England and Wales calendar built from `bank-holidays.json` (refresh with `npm run holidays:update`). */
export const defaultCalendar: WorkingDayCalendar = {
  get coveredYears() {
    return englandAndWales().coveredYears;
  },
  coversDate: (d) => englandAndWales().coversDate(d),
  isWorkingDay: (d) => englandAndWales().isWorkingDay(d),
  nonWorkingReason: (d) => englandAndWales().nonWorkingReason(d),
  addWorkingDays: (start, n) => englandAndWales().addWorkingDays(start, n),
  subtractWorkingDays: (start, n) => englandAndWales().subtractWorkingDays(start, n),
};
