/**
 * How a fresh copy of the GOV.UK bank holidays feed is merged into `bank-holidays.json`: the rule
 * `npm run holidays:update` (scripts/update-bank-holidays.ts) applies. Pure: the script fetches
 * and writes; this decides what the file should hold.
 *
 * For every year the feed lists, the feed wins (one-off holidays appear, computed dates get
 * corrected); years the feed no longer or not yet lists (old years, 2029–2030 computed from the
 * standing rules) are kept.
 */
import * as z from 'zod/mini';
import { yearOf } from './local-date.ts';
import { BankHolidayDivisionSchema, type BankHolidayEvent, type BankHolidayFeed } from './working-days.ts';

/** The whole GOV.UK feed: we use England and Wales, but check the shape we were sent. */
export const GovUkFeedSchema = z.object({
  'england-and-wales': BankHolidayDivisionSchema,
  scotland: z.optional(BankHolidayDivisionSchema),
  'northern-ireland': z.optional(BankHolidayDivisionSchema),
});

export interface MergeResult {
  feed: BankHolidayFeed;
  /** Years taken from the fetched feed. */
  fetchedYears: number[];
  /** Years kept from the existing file because the feed does not list them. */
  keptYears: number[];
  added: number;
  removed: number;
}

const key = (e: BankHolidayEvent) => `${e.date}|${e.title}`;

/** The years the events fall in, ascending, each once. */
export function yearsOf(events: BankHolidayEvent[]): number[] {
  return [...new Set(events.map((e) => yearOf(e.date)))].sort((a, b) => a - b);
}

/**
 * Merges fetched England and Wales events into the existing ones: the fetched events replace every
 * existing event in a year they cover; other years are kept. Sorted by date, then title.
 */
export function mergeBankHolidayEvents(
  existing: BankHolidayEvent[],
  fetched: BankHolidayEvent[],
): MergeResult {
  const fetchedYears = yearsOf(fetched);
  const covered = new Set(fetchedYears);
  const kept = existing.filter((e) => !covered.has(yearOf(e.date)));
  const byKey = new Map<string, BankHolidayEvent>();
  for (const e of [...kept, ...fetched]) byKey.set(key(e), e);
  const events = [...byKey.values()].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.title.localeCompare(b.title),
  );
  const before = new Set(existing.map(key));
  const after = new Set(events.map(key));
  return {
    feed: { 'england-and-wales': { division: 'england-and-wales', events } },
    fetchedYears,
    keptYears: yearsOf(kept),
    added: [...after].filter((k) => !before.has(k)).length,
    removed: [...before].filter((k) => !after.has(k)).length,
  };
}
