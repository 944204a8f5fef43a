/**
 * Prints a case's statutory schedule as one line of JSON.
 *
 *   npm run --silent schedule -- --notified 2026-12-21T10:00Z [--visit 2027-01-04]... [--dob 2012-05-01]
 *     [--disabled] [--proposal] [--moved-in 2027-02-01T09:00Z]
 *
 * `--proposal`: a proposed arrangement (regulation 3); `--moved-in`: when the council was told the
 * child moved in (regulation 6; implies `--proposal`). Obligations no longer owed are listed with
 * status "cancelled" and the reason in `basis`; one whose working-day count ran past the bank
 * holiday data carries `needsBankHolidayDataFor` (and says so in `basis`).
 *
 * Bad arguments (a repeated `--notified` or `--moved-in`, a `--dob` after the notification, a
 * move-in before it): a one-line error on stderr, exit code 2.
 */
import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import { compareIsoDates, IsoDateSchema, londonDateOf } from '../shared/domain/local-date.ts';
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

// `--notified` and `--moved-in` are collected as lists so that a repeat is refused rather than
// the last one silently winning.
const ArgsSchema = z.object({
  notified: z
    .array(z.string(), { error: 'is required (an ISO-8601 instant, e.g. 2026-12-21T10:00Z)' })
    .check(z.minLength(1, { error: 'is required' }), z.maxLength(1, { error: 'may be given only once' })),
  visit: z._default(z.array(DateArg), []),
  dob: z.optional(DateArg),
  disabled: z._default(z.boolean(), false),
  proposal: z._default(z.boolean(), false),
  'moved-in': z.optional(z.array(z.string()).check(z.maxLength(1, { error: 'may be given only once' }))),
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
        notified: { type: 'string', multiple: true },
        visit: { type: 'string', multiple: true },
        dob: { type: 'string' },
        disabled: { type: 'boolean' },
        proposal: { type: 'boolean' },
        'moved-in': { type: 'string', multiple: true },
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
  const notifiedAt = InstantSchema.safeParse(args.data.notified[0]);
  if (!notifiedAt.success) fail(`--notified ${notifiedAt.error.issues[0]?.message ?? 'is invalid'}`);
  const receivedOn = londonDateOf(notifiedAt.data);
  const { dob } = args.data;
  if (dob !== undefined && compareIsoDates(dob, receivedOn) > 0) {
    fail(`--dob ${dob} is after the notification (received ${receivedOn} in London)`);
  }
  let movedInAt: Date | undefined;
  const movedIn = args.data['moved-in']?.[0];
  if (movedIn !== undefined) {
    const parsed = InstantSchema.safeParse(movedIn);
    if (!parsed.success) fail(`--moved-in ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
    // Regulation 6: the move-in is told after the proposal was notified (regulation 3).
    if (parsed.data.getTime() < notifiedAt.data.getTime()) {
      fail(`--moved-in ${movedIn} is before --notified ${args.data.notified[0]}`);
    }
    movedInAt = parsed.data;
  }

  let obligations: ReturnType<typeof computeSchedule>;
  try {
    obligations = computeSchedule({
      notifiedAt: notifiedAt.data,
      visits: args.data.visit.map((date) => ({ date })),
      ...(dob === undefined ? {} : { dateOfBirth: dob }),
      disabled: args.data.disabled,
      proposal: args.data.proposal,
      ...(movedInAt === undefined ? {} : { movedInAt }),
    });
  } catch (error) {
    // Malformed dates (a date beyond the bank holiday data is flagged on its obligation instead).
    if (error instanceof RangeError) fail(error.message);
    throw error;
  }
  const output = obligations.map(({ kind, due, status, basis, metOn, needsBankHolidayDataFor }) => ({
    kind,
    due,
    status,
    basis,
    ...(metOn === undefined ? {} : { metOn }),
    ...(needsBankHolidayDataFor === undefined ? {} : { needsBankHolidayDataFor }),
  }));
  process.stdout.write(`${JSON.stringify({ obligations: output })}\n`);
}

run(process.argv.slice(2));
