/**
 * Refreshes `bank-holidays.json` from GOV.UK: `npm run holidays:update`.
 *
 * The England and Wales events from the feed are merged into the existing file: for every year the
 * feed lists, the feed wins (one-off holidays appear, computed dates get corrected); years the feed
 * no longer or not yet lists (old years, 2029–2030 computed from the standing rules) are kept.
 *
 * Options (for tests and dry runs): `--from <url>` (default the GOV.UK feed), `--file <path>`
 * (default this folder's bank-holidays.json).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import { yearOf } from './local-date.ts';
import {
  BankHolidayDivisionSchema,
  type BankHolidayEvent,
  type BankHolidayFeed,
  BankHolidayFeedSchema,
} from './working-days.ts';

export const GOV_UK_BANK_HOLIDAYS_URL = 'https://www.gov.uk/bank-holidays.json';
const DEFAULT_FILE = fileURLToPath(new URL('./bank-holidays.json', import.meta.url));

/** The whole GOV.UK feed: we use England and Wales, but check the shape we were sent. */
const GovUkFeedSchema = z.object({
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

function years(events: BankHolidayEvent[]): number[] {
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
  const fetchedYears = years(fetched);
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
    keptYears: years(kept),
    added: [...after].filter((k) => !before.has(k)).length,
    removed: [...before].filter((k) => !after.has(k)).length,
  };
}

/** `[2025, 2026, 2028, 2029, 2030]` → `2025–2026, 2028–2030`. */
function range(ys: number[]): string {
  if (ys.length === 0) return 'none';
  const runs: [number, number][] = [];
  for (const y of ys) {
    const last = runs[runs.length - 1];
    if (last !== undefined && y === last[1] + 1) last[1] = y;
    else runs.push([y, y]);
  }
  return runs.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ');
}

/** Fetches the feed, merges it into `file` and returns the one-line summary. Throws on any failure. */
export async function updateBankHolidays(options: { from: string; file: string }): Promise<string> {
  let body: unknown;
  try {
    const response = await fetch(options.from, { signal: AbortSignal.timeout(20_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    body = await response.json();
  } catch (error) {
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    throw new Error(`Could not fetch ${options.from}: ${reason}. ${options.file} is unchanged.`);
  }
  const fetched = GovUkFeedSchema.safeParse(body);
  if (!fetched.success) {
    throw new Error(
      `${options.from} did not return the expected bank holidays feed (${z.prettifyError(fetched.error).replaceAll('\n', ' ')}). ${options.file} is unchanged.`,
    );
  }
  if (fetched.data['england-and-wales'].events.length === 0) {
    throw new Error(
      `${options.from} listed no England and Wales bank holidays. ${options.file} is unchanged.`,
    );
  }
  const current = BankHolidayFeedSchema.parse(JSON.parse(await readFile(options.file, 'utf8')));
  const merged = mergeBankHolidayEvents(
    current['england-and-wales'].events,
    fetched.data['england-and-wales'].events,
  );
  const tmp = `${options.file}.tmp`;
  await writeFile(tmp, `${JSON.stringify(merged.feed, null, 2)}\n`, 'utf8');
  await rename(tmp, options.file);
  const all = years(merged.feed['england-and-wales'].events);
  return (
    `bank-holidays.json: ${merged.feed['england-and-wales'].events.length} England and Wales events, ` +
    `${range(all)} (from GOV.UK: ${range(merged.fetchedYears)}; kept from the file: ${range(merged.keptYears)}); ` +
    `${merged.added} added, ${merged.removed} removed.`
  );
}

async function main(): Promise<void> {
  try {
    const { values } = parseArgs({
      options: {
        from: { type: 'string', default: GOV_UK_BANK_HOLIDAYS_URL },
        file: { type: 'string', default: DEFAULT_FILE },
      },
    });
    console.log(await updateBankHolidays({ from: values.from, file: values.file }));
  } catch (error) {
    console.error(`holidays:update failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
