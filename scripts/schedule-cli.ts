/**
 * Prints a case's statutory schedule as one line of JSON.
 *
 *   npm run --silent schedule -- --notified 2026-12-21T10:00Z [--visit 2027-01-04]... [--dob 2012-05-01] [--disabled]
 *
 * Bad arguments (or a date beyond the bank holiday data): a one-line error on stderr, exit code 2.
 */
import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import { IsoDateSchema } from '../shared/domain/local-date.ts';
import { computeSchedule } from '../shared/domain/statutory-clock.ts';

/** An ISO-8601 instant with a time zone (`Z` or `±hh:mm`), seconds optional: `2026-12-21T10:00Z`. */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

const InstantSchema = z.pipe(
  z.string().check(
    z.refine(
      (s) => {
        const m = INSTANT.exec(s);
        return m !== null && IsoDateSchema.safeParse(m[1]).success && !Number.isNaN(Date.parse(s));
      },
      { error: 'must be an ISO-8601 instant with a time zone, e.g. 2026-12-21T10:00Z' },
    ),
  ),
  z.transform((s) => new Date(s)),
);

const DateArg = z
  .string()
  .check(z.refine((s) => IsoDateSchema.safeParse(s).success, { error: 'must be a real date, YYYY-MM-DD' }));

const ArgsSchema = z.object({
  notified: z
    .string({ error: 'is required (an ISO-8601 instant, e.g. 2026-12-21T10:00Z)' })
    .check(z.minLength(1, { error: 'is required' })),
  visit: z._default(z.array(DateArg), []),
  dob: z.optional(DateArg),
  disabled: z._default(z.boolean(), false),
});

function fail(message: string): never {
  process.stderr.write(`schedule: ${message.replaceAll('\n', ' ')}\n`);
  process.exit(2);
}

function run(argv: string[]): void {
  let raw: unknown;
  try {
    raw = parseArgs({
      args: argv,
      options: {
        notified: { type: 'string' },
        visit: { type: 'string', multiple: true },
        dob: { type: 'string' },
        disabled: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const args = ArgsSchema.safeParse(raw);
  if (!args.success) {
    const issue = args.error.issues[0];
    const [flag, index] = issue?.path ?? [];
    const given =
      raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[String(flag)] : undefined;
    const value = typeof index === 'number' && Array.isArray(given) ? ` ${given[index]}` : '';
    fail(`--${String(flag)}${value} ${issue?.message ?? 'is invalid'}`);
  }
  const notifiedAt = InstantSchema.safeParse(args.data.notified);
  if (!notifiedAt.success) fail(`--notified ${notifiedAt.error.issues[0]?.message ?? 'is invalid'}`);

  let obligations: ReturnType<typeof computeSchedule>;
  try {
    obligations = computeSchedule({
      notifiedAt: notifiedAt.data,
      visits: args.data.visit.map((date) => ({ date })),
      ...(args.data.dob === undefined ? {} : { dateOfBirth: args.data.dob }),
      disabled: args.data.disabled,
    });
  } catch (error) {
    // CalendarOutOfRangeError (a date beyond the bank holiday data) and malformed dates.
    if (error instanceof RangeError) fail(error.message);
    throw error;
  }
  const output = obligations.map(({ kind, due, status, basis, metOn }) =>
    metOn === undefined ? { kind, due, status, basis } : { kind, due, status, basis, metOn },
  );
  process.stdout.write(`${JSON.stringify({ obligations: output })}\n`);
}

run(process.argv.slice(2));
