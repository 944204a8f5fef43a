/**
 * Refreshes `bank-holidays.json` from GOV.UK: `npm run holidays:update`.
 *
 * The England and Wales events from the feed are merged into the existing file by the domain's
 * rule (shared/domain/bank-holiday-merge.ts); this script does the I/O around it.
 *
 * Options (for tests and dry runs): `--from <url>` (default the GOV.UK feed), `--file <path>`
 * (default shared/domain/bank-holidays.json).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import { GovUkFeedSchema, mergeBankHolidayEvents, yearsOf } from '../shared/domain/bank-holiday-merge.ts';
import { BankHolidayFeedSchema } from '../shared/domain/working-days.ts';

export const GOV_UK_BANK_HOLIDAYS_URL = 'https://www.gov.uk/bank-holidays.json';
const DEFAULT_FILE = fileURLToPath(new URL('../shared/domain/bank-holidays.json', import.meta.url));

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
  const all = yearsOf(merged.feed['england-and-wales'].events);
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
