/**
 * The statutory clock: what a council must do for a private fostering case, and by when.
 *
 * Sources (see domain.md): the Children (Private Arrangements for Fostering) Regulations 2005
 * (SI 2005/1533, "the Regulations") and the Children Act 1989. Where a rule is local practice rather
 * than law it is configuration (a policy argument), never a constant, and every basis says so.
 *
 * Every function is pure: no clock, no I/O. The current time, when needed, is a parameter.
 * Every computed date carries a `basis`: the rule, the dates it was counted from and the days it
 * skipped, in plain English for staff.
 */

import * as z from 'zod/mini';
import { schemaOnFirstUse } from '../schema-on-first-use.ts';
import {
  addDays,
  addWeeks,
  addYears,
  assertIsoDate,
  compareIsoDates,
  formatLongDate,
  type IsoDate,
  IsoDateSchema,
  londonDateOf,
} from './local-date.ts';
import { sameLondonTimeDaysLater } from './london-clock.ts';
import {
  defaultCalendar,
  describeSkipped,
  type WorkingDayCalendar,
  type WorkingDayCount,
  withWeekdayFallback,
} from './working-days.ts';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** The checks a council may make on a private foster carer's household (local procedure). */
export const CHECK_TYPES = [
  'dbs-carer',
  'dbs-household',
  'police',
  'social-care-records',
  'previous-area-records',
  'reference-1',
  'reference-2',
  'health',
  'education',
  'cafcass',
  'ofsted',
  'childminding-register',
] as const;
export const CheckTypeSchema = z.enum(CHECK_TYPES);
export type CheckType = (typeof CHECK_TYPES)[number];

/** What an obligation is for. Checks are `check:<type>`, e.g. `check:dbs-carer`. */
export type ObligationKind =
  | 'front-door-decision'
  | 'initial-visit'
  | 'move-in-visit'
  | 'regulation-8-visit'
  | 'requested-visit'
  | 'arrangement-end'
  | 'end-review'
  | 'interim-safety-plan'
  | 'transfer-acknowledgement'
  | `check:${CheckType}`;

/** Every obligation kind, in the order used to break ties when sorting by due date. */
export const OBLIGATION_KINDS: readonly ObligationKind[] = [
  'front-door-decision',
  'initial-visit',
  'move-in-visit',
  'regulation-8-visit',
  'requested-visit',
  ...CHECK_TYPES.map((t): ObligationKind => `check:${t}`),
  'interim-safety-plan',
  'end-review',
  'arrangement-end',
  'transfer-acknowledgement',
];
export const ObligationKindSchema = z.enum(OBLIGATION_KINDS as [ObligationKind, ...ObligationKind[]]);

/** An obligation on the council with its due date and the reason for that date. */
export const ObligationSchema = schemaOnFirstUse(() =>
  z.object({
    kind: ObligationKindSchema,
    due: IsoDateSchema,
    status: z.enum(['open', 'met', 'cancelled']),
    /** Why the date is what it is: the rule, the start date and the non-working days skipped. */
    basis: z.string(),
    /** When the obligation was met (the visit date, the check's completion date, …). */
    metOn: z.optional(IsoDateSchema),
    /**
     * A DBS check staff recorded as delayed: still outstanding, but not chased as overdue — the
     * interim safety plan it calls for is what is due instead (local practice).
     */
    delayed: z.optional(z.literal(true)),
    /**
     * The first year the bank holiday data lacks, when this obligation's working-day count ran into
     * it. The due date was then counted over weekdays only (Christmas Day skipped, bank holidays not
     * guessed), so it may be a day or two early, never late; the basis says so. It is exact again
     * once `npm run holidays:update` brings that year in and the schedule is recomputed. Calendar
     * rules (regulation 8 dates, the end by age) never need the data and never carry this.
     */
    needsBankHolidayDataFor: z.optional(z.int()),
  }),
);
export type Obligation = z.infer<typeof ObligationSchema>;

/** A computed due date and its basis. */
export interface DueDate {
  due: IsoDate;
  basis: string;
  /** See {@link ObligationSchema}: set when a working-day count ran past the bank holiday data. */
  needsBankHolidayDataFor?: number;
}

const long = formatLongDate;

/** What a count passed over and, past the data, what it could not know: for a basis. */
function notCounted(count: WorkingDayCount): string {
  const skipped = describeSkipped(count);
  const gap = count.uncoveredYears?.[0];
  return (
    (skipped === '' ? '' : ` Not counted: ${skipped}.`) +
    (gap === undefined
      ? ''
      : ` Needs bank-holiday data for ${gap}: counted over weekdays only (Christmas Day skipped), so this date may be early; it is corrected once the bank-holiday list is updated.`)
  );
}

/** The data gap a count ran into, as the optional field of a due date or obligation. */
function dataGap(count: WorkingDayCount): { needsBankHolidayDataFor?: number } {
  const gap = count.uncoveredYears?.[0];
  return gap === undefined ? {} : { needsBankHolidayDataFor: gap };
}

function assertWhole(n: number, what: string, min: number): void {
  if (!Number.isSafeInteger(n) || n < min)
    throw new RangeError(`${what} must be a whole number ≥ ${min}, got ${n}`);
}

function ordinal(n: number): string {
  const words = [
    'first',
    'second',
    'third',
    'fourth',
    'fifth',
    'sixth',
    'seventh',
    'eighth',
    'ninth',
    'tenth',
  ];
  return words[n - 1] ?? `${n}th`;
}

// ---------------------------------------------------------------------------------------------
// Initial visit: regulations 4 and 7
// ---------------------------------------------------------------------------------------------

/** Working days the Regulations allow for the initial visit (regs 4(1) and 7(1)). */
export const INITIAL_VISIT_WORKING_DAYS = 7;

/** Working days the Regulations allow for the visit after a move-in is notified (reg 7(1)). */
export const MOVE_IN_VISIT_WORKING_DAYS = 7;

/**
 * Working days the front door has to decide the next step on a notification: Working Together to
 * Safeguard Children (2023), statutory guidance: within one working day of a referral the council
 * acknowledges it and decides what happens next.
 */
export const FRONT_DOOR_DECISION_WORKING_DAYS = 1;

function timeZoneNote(instant: Date, londonDate: IsoDate): string {
  return instant.toISOString().slice(0, 10) === londonDate
    ? ''
    : ` It arrived at ${instant.toISOString()}, already ${long(londonDate)} in London (Europe/London time counts).`;
}

/**
 * The initial visit is due on the 7th working day after the date the notification was received.
 *
 * Regulation 4 (a notice of a proposed arrangement under regulation 3: the visit comes before the
 * child moves in) and regulation 7 (a notice under regulation 5 of an arrangement already
 * running): the council must visit within 7 working days of receiving the notification. The date
 * of receipt is the council's local (Europe/London) date, and the day of receipt itself is not
 * counted. With `proposal` the basis names regulation 4 alone.
 *
 * @throws CalendarOutOfRangeError when the count runs past the bank holiday data.
 */
export function initialVisitDue(
  notifiedAt: Date,
  calendar: WorkingDayCalendar = defaultCalendar,
  options: { proposal?: boolean } = {},
): DueDate & { receivedOn: IsoDate } {
  const receivedOn = londonDateOf(notifiedAt);
  const count = calendar.addWorkingDays(receivedOn, INITIAL_VISIT_WORKING_DAYS);
  const rule = options.proposal
    ? `the date the notice of the proposed arrangement was received (regulation 4: visit within 7 working days of a notice under regulation 3, before the child moves in)`
    : `the date the notification was received (regulations 4 and 7: initial visit within 7 working days of notification)`;
  return {
    due: count.date,
    receivedOn,
    ...dataGap(count),
    basis:
      `${INITIAL_VISIT_WORKING_DAYS} working days after ${long(receivedOn)}, ${rule}.${timeZoneNote(notifiedAt, receivedOn)} ` +
      `Counting starts the day after receipt.${notCounted(count)}`,
  };
}

/**
 * The visit after the child of a proposed arrangement moves in: regulation 6 (the carer tells the
 * council the child has moved in) and regulation 7 (the council visits within 7 working days of
 * that notice). Counted from the London date the council was told, the day itself not counted.
 */
export function moveInVisitDue(
  movedInAt: Date,
  calendar: WorkingDayCalendar = defaultCalendar,
): DueDate & { toldOn: IsoDate } {
  const toldOn = londonDateOf(movedInAt);
  const count = calendar.addWorkingDays(toldOn, MOVE_IN_VISIT_WORKING_DAYS);
  return {
    due: count.date,
    toldOn,
    ...dataGap(count),
    basis:
      `${MOVE_IN_VISIT_WORKING_DAYS} working days after ${long(toldOn)}, the date the council was told the child had moved in ` +
      `(regulation 6 notice; regulation 7: visit within 7 working days of it). Only a visit on or after that date meets it.` +
      `${timeZoneNote(movedInAt, toldOn)}${notCounted(count)}`,
  };
}

/**
 * A move between councils (issue 12): the receiving council acknowledges the transfer notice
 * within 5 working days, else it is escalated to the designated manager and deputies. Not in the
 * Regulations (domain.md "When it ends": "A move to another area: the receiving council should be
 * told"; no time limit is set there): local practice agreed between councils, as the issue asks,
 * so one named figure here.
 */
export const TRANSFER_ACKNOWLEDGEMENT_WORKING_DAYS = 5;

/** When the receiving council's acknowledgement of a transfer notice sent at `sentAt` is due. */
export function transferAcknowledgementDue(
  sentAt: Date,
  calendar: WorkingDayCalendar = defaultCalendar,
): DueDate {
  const sentOn = londonDateOf(sentAt);
  const count = calendar.addWorkingDays(sentOn, TRANSFER_ACKNOWLEDGEMENT_WORKING_DAYS);
  return {
    due: count.date,
    ...dataGap(count),
    basis:
      `${TRANSFER_ACKNOWLEDGEMENT_WORKING_DAYS} working days after ${long(sentOn)}, the date the transfer notice was sent ` +
      'to the council the child has moved to: without its acknowledgement the move is escalated (local practice between ' +
      `councils; the Regulations set no time limit).${timeZoneNote(sentAt, sentOn)}${notCounted(count)}`,
  };
}

/**
 * The front door's decision on the next step: one working day after the London date the
 * notification was received (Working Together to Safeguard Children 2023).
 */
export function frontDoorDecisionDue(
  notifiedAt: Date,
  calendar: WorkingDayCalendar = defaultCalendar,
): DueDate {
  const receivedOn = londonDateOf(notifiedAt);
  const count = calendar.addWorkingDays(receivedOn, FRONT_DOOR_DECISION_WORKING_DAYS);
  return {
    due: count.date,
    ...dataGap(count),
    basis:
      `${FRONT_DOOR_DECISION_WORKING_DAYS} working day after ${long(receivedOn)}, the date the notification was received: ` +
      'Working Together to Safeguard Children (2023) asks the council to acknowledge a referral and decide the next ' +
      `step within one working day.${timeZoneNote(notifiedAt, receivedOn)}${notCounted(count)}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Regulation 8 visits
// ---------------------------------------------------------------------------------------------

/** Regulation 8(1)(a): visits at intervals of not more than 6 weeks in the first year. */
export const FIRST_YEAR_MAX_INTERVAL_WEEKS = 6;
/** Regulation 8(1)(b): visits at intervals of not more than 12 weeks in any later year. */
export const LATER_YEAR_MAX_INTERVAL_WEEKS = 12;

/**
 * The next regulation 8 visit, counted from the last visit.
 *
 * - Regulation 8(6): the arrangement is treated as beginning when the council became aware of it,
 *   so the first year is the 12 months beginning on the notification's London date. A visit on
 *   the first anniversary is in the second year.
 * - Regulation 8(1): not more than 6 weeks after a visit in the first year, not more than 12 weeks
 *   after a visit in a later year.
 * - A local standard (e.g. Bradford's 4 weeks) applies only when it is stricter: the regulation is
 *   the legal maximum and a local interval can never lengthen it.
 *
 * The due date is a calendar date (the Regulations count weeks, not working days).
 */
export function nextRegulation8VisitDue(input: {
  notifiedAt: Date;
  lastVisit: IsoDate;
  localIntervalWeeks?: number;
}): DueDate & { arrangementYear: number; intervalWeeks: number } {
  const { notifiedAt, lastVisit, localIntervalWeeks } = input;
  assertIsoDate(lastVisit);
  if (localIntervalWeeks !== undefined) assertWhole(localIntervalWeeks, 'localIntervalWeeks', 1);
  const began = londonDateOf(notifiedAt);
  // Which year of the arrangement the last visit fell in (reg 8(6)); a visit before the
  // notification date (should not happen) is treated as first-year, the stricter interval.
  let arrangementYear = 1;
  while (compareIsoDates(lastVisit, addYears(began, arrangementYear)) >= 0) arrangementYear += 1;
  const yearStart = addYears(began, arrangementYear - 1);
  const legalWeeks = arrangementYear === 1 ? FIRST_YEAR_MAX_INTERVAL_WEEKS : LATER_YEAR_MAX_INTERVAL_WEEKS;
  const useLocal = localIntervalWeeks !== undefined && localIntervalWeeks < legalWeeks;
  const intervalWeeks = useLocal ? localIntervalWeeks : legalWeeks;

  const yearText =
    arrangementYear === 1
      ? `the first year of the arrangement (which began on ${long(began)}, when the council was notified: regulation 8(6))`
      : `the ${ordinal(arrangementYear)} year of the arrangement (from ${long(yearStart)}; the arrangement began on ${long(began)}, when the council was notified: regulation 8(6))`;
  const ruleText =
    arrangementYear === 1
      ? 'Regulation 8 requires visits at intervals of not more than 6 weeks in the first year.'
      : 'Regulation 8 requires visits at intervals of not more than 12 weeks after the first year.';
  let localText = '';
  if (localIntervalWeeks !== undefined) {
    localText = useLocal
      ? ` The local standard of ${localIntervalWeeks} weeks is stricter, so it applies.`
      : ` The local standard of ${localIntervalWeeks} weeks is not stricter than the regulation, so the legal maximum of ${legalWeeks} weeks applies.`;
  }
  return {
    due: addWeeks(lastVisit, intervalWeeks),
    arrangementYear,
    intervalWeeks,
    basis: `${intervalWeeks} weeks after the last visit on ${long(lastVisit)}, which fell in ${yearText}. ${ruleText}${localText}`,
  };
}

// ---------------------------------------------------------------------------------------------
// The end of the arrangement
// ---------------------------------------------------------------------------------------------

/** When private fostering stops by age, and on what footing. */
export interface AgeLimit {
  /** The birthday on which the child stops being privately fostered. */
  on: IsoDate;
  age: 16 | 18;
  /** Disability is not yet decided by the council, so 16 is assumed. */
  assumed: boolean;
}

/**
 * The age limit: the 16th birthday, or the 18th if the child is disabled (Children Act 1989 s.66;
 * disabled as defined in s.17(11)). Whether a child is disabled is the council's judgement, not
 * the notifier's: while it is undecided (`disabilityUnknown`) the limit assumes 16. A child born
 * on 29 February reaches an age on 1 March in a year without 29 February.
 */
export function ageLimitOf(input: {
  dateOfBirth: IsoDate;
  disabled?: boolean;
  disabilityUnknown?: boolean;
}): AgeLimit {
  assertIsoDate(input.dateOfBirth);
  const disabled = input.disabled === true;
  const age = disabled ? 18 : 16;
  return {
    on: addYears(input.dateOfBirth, age),
    age,
    assumed: !disabled && input.disabilityUnknown === true,
  };
}

/** Why an obligation due on or after the age limit is not owed (Children Act 1989 s.66). */
function notOwedText(limit: AgeLimit): string {
  const law = limit.age === 18 ? 'Children Act 1989 s.66; disabled, s.17(11)' : 'Children Act 1989 s.66';
  const assumed = limit.assumed ? ' This assumes 16 until staff decide whether the child is disabled.' : '';
  return `Not owed: the child reached ${limit.age} on ${long(limit.on)} (${law}).${assumed}`;
}

/**
 * The date the arrangement ends by age: the 16th birthday, or the 18th if the child is disabled.
 *
 * Children Act 1989 s.66: a privately fostered child is a child under 16, or under 18 if disabled
 * (as defined in s.17(11)). A child born on 29 February reaches an age on 1 March in a year
 * without 29 February. With `disabilityUnknown` (and not `disabled`) the basis says 16 is assumed
 * until staff decide.
 */
export function arrangementEndDue(input: {
  dateOfBirth: IsoDate;
  disabled: boolean;
  disabilityUnknown?: boolean;
}): DueDate {
  const { dateOfBirth } = input;
  const { on: due, age, assumed } = ageLimitOf(input);
  const leapNote =
    dateOfBirth.endsWith('-02-29') && due.endsWith('-03-01')
      ? ` Born on 29 February, the child reaches ${age} on 1 March, as ${due.slice(0, 4)} has no 29 February.`
      : '';
  const who =
    age === 18
      ? 'a disabled child is privately fostered until 18 (Children Act 1989 s.66, disability as defined in s.17(11))'
      : 'a child is privately fostered until 16 (Children Act 1989 s.66)';
  const assumedNote = assumed
    ? ' It assumes 16 until staff decide whether the child is disabled (s.17(11): the council judges it; a disabled child is privately fostered until 18).'
    : '';
  return {
    due,
    basis: `The child's ${age}th birthday (born ${long(dateOfBirth)}): ${who}.${leapNote}${assumedNote}`,
  };
}

/**
 * A review of the young person's needs some weeks before the arrangement ends. The council should
 * review needs as the child approaches 16; the number of weeks is local practice (configuration).
 */
export function endReviewDue(endDue: IsoDate, weeksBefore: number): DueDate {
  assertWhole(weeksBefore, 'endReviewWeeksBefore', 0);
  return {
    due: addWeeks(endDue, -weeksBefore),
    basis:
      `${weeksBefore} weeks before the arrangement ends on ${long(endDue)}: review the young person's needs ` +
      'as they approach the end of private fostering (the number of weeks is local practice).',
  };
}

// ---------------------------------------------------------------------------------------------
// Checks (local procedure, configurable per council)
// ---------------------------------------------------------------------------------------------

/** One configured check: whether it is required and when it is due. */
export const CheckRuleSchema = schemaOnFirstUse(() =>
  z.object({
    type: CheckTypeSchema,
    label: z.string().check(z.minLength(1)),
    required: z.boolean(),
    /** Working days after the initial visit (or its due date, until the visit is recorded). */
    dueWorkingDaysAfterInitialVisit: z.int().check(z.nonnegative()),
  }),
);
export type CheckRule = z.infer<typeof CheckRuleSchema>;

/** A council's check policy: one rule per check type. */
export const CheckPolicySchema = z
  .array(CheckRuleSchema)
  .check(
    z.refine(
      (rules) => new Set(rules.map((r) => r.type)).size === rules.length,
      'Each check type may appear once',
    ),
  );
export type CheckPolicy = z.infer<typeof CheckPolicySchema>;

/**
 * Default checks (domain.md "Checks": local procedure, not in the Regulations). Required: enhanced
 * DBS for the carer and household members over 18, police (PNC), children's social care records
 * here and in previous areas, two personal references, health (GP) and education (school) — Ofsted
 * criticised councils for missing checks (Norfolk 2018). Some councils add CAFCASS, Ofsted and the
 * child-minding register: present but not required by default. Each due 10 working days after the
 * initial visit (local practice; change per council).
 */
export const defaultCheckPolicy: CheckPolicy = CheckPolicySchema.parse(
  (
    [
      ['dbs-carer', 'Enhanced DBS check of the carer', true],
      ['dbs-household', 'Enhanced DBS checks of household members over 18', true],
      ['police', 'Police (PNC) check', true],
      ['social-care-records', "Children's social care records of this council", true],
      ['previous-area-records', "Children's social care records of councils for previous addresses", true],
      ['reference-1', 'First personal reference (referee visited)', true],
      ['reference-2', 'Second personal reference (referee visited)', true],
      ['health', 'Health check (GP)', true],
      ['education', 'Education check (school)', true],
      ['cafcass', 'CAFCASS check', false],
      ['ofsted', 'Ofsted check', false],
      ['childminding-register', 'Child-minding register check', false],
    ] as const
  ).map(([type, label, required]) => ({ type, label, required, dueWorkingDaysAfterInitialVisit: 10 })),
);

/**
 * When a check is due: its configured number of working days after the initial visit if the visit
 * has happened, otherwise after the initial visit's due date (recalculated once the visit is
 * recorded). Local practice, not law.
 */
export function checkDue(input: {
  rule: CheckRule;
  initialVisit: { due: IsoDate; metOn?: IsoDate };
  calendar?: WorkingDayCalendar;
}): DueDate {
  const { rule, initialVisit, calendar = defaultCalendar } = input;
  const n = rule.dueWorkingDaysAfterInitialVisit;
  const from = initialVisit.metOn ?? initialVisit.due;
  const count = calendar.addWorkingDays(from, n);
  const fromText =
    initialVisit.metOn !== undefined
      ? `the initial visit on ${long(from)}`
      : `${long(from)}, the date the initial visit is due (no initial visit is recorded yet; this date moves when it is)`;
  return {
    due: count.date,
    ...dataGap(count),
    basis: `${rule.label}: ${n} working days after ${fromText}. The timescale is local practice (the council's check policy), not a regulation.${notCounted(count)}`,
  };
}

/** The DBS check types: a delay in either calls for an interim safety plan. */
export const DBS_CHECK_TYPES: readonly CheckType[] = ['dbs-carer', 'dbs-household'];

/** Default working days after a delayed DBS check's due date to put an interim safety plan in place. */
export const DEFAULT_INTERIM_SAFETY_PLAN_WORKING_DAYS = 5;

/**
 * While a DBS check is delayed (not completed by its due date), the council should make interim
 * police checks and a safety plan: Ofsted criticised Croydon (2024) for having neither. Due a
 * configurable number of working days (default 5; local practice) after the DBS check's due date.
 * The basis, shown to staff, states the rule only: where it comes from stays here.
 */
export function interimSafetyPlanDue(input: {
  dbsDue: IsoDate;
  workingDays?: number;
  calendar?: WorkingDayCalendar;
}): DueDate {
  const {
    dbsDue,
    workingDays = DEFAULT_INTERIM_SAFETY_PLAN_WORKING_DAYS,
    calendar = defaultCalendar,
  } = input;
  assertWhole(workingDays, 'interimSafetyPlanWorkingDays', 0);
  const count = calendar.addWorkingDays(dbsDue, workingDays);
  return {
    due: count.date,
    ...dataGap(count),
    basis:
      `${workingDays} working days after ${long(dbsDue)}, when a DBS check was due but not completed: while DBS ` +
      `is delayed, interim police checks and a safety plan are needed (local practice).${notCounted(count)}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Visits the child, carer or a parent ask for: regulation 8
// ---------------------------------------------------------------------------------------------

/** Default working days to make a requested visit (local practice: the Regulations say only "when reasonably requested"). */
export const DEFAULT_REQUESTED_VISIT_WORKING_DAYS = 7;

/**
 * A visit the child, the carer or a parent reasonably asks for (regulation 8). The Regulations set
 * no timescale; the default of 7 working days after the request is local practice.
 */
export function requestedVisitDue(input: {
  requestedOn: IsoDate;
  workingDays?: number;
  calendar?: WorkingDayCalendar;
}): DueDate {
  const {
    requestedOn,
    workingDays = DEFAULT_REQUESTED_VISIT_WORKING_DAYS,
    calendar = defaultCalendar,
  } = input;
  assertWhole(workingDays, 'requestedVisitWorkingDays', 0);
  const count = calendar.addWorkingDays(requestedOn, workingDays);
  return {
    due: count.date,
    ...dataGap(count),
    basis:
      `${workingDays} working days after the request on ${long(requestedOn)}: regulation 8 requires a visit ` +
      'when the child, the carer or a parent reasonably asks; the number of days is local practice.' +
      notCounted(count),
  };
}

// ---------------------------------------------------------------------------------------------
// The whole schedule
// ---------------------------------------------------------------------------------------------

/** A council's schedule policy (everything here is local practice, not law). */
export const SchedulePolicySchema = schemaOnFirstUse(() =>
  z.object({
    /** A stricter local interval between regulation 8 visits, in weeks (never lengthens the legal maximum). */
    localIntervalWeeks: z.optional(z.int().check(z.positive())),
    /** Weeks before the arrangement's end to review the young person's needs. */
    endReviewWeeksBefore: z.int().check(z.nonnegative()),
    checks: CheckPolicySchema,
    requestedVisitWorkingDays: z.optional(z.int().check(z.nonnegative())),
    interimSafetyPlanWorkingDays: z.optional(z.int().check(z.nonnegative())),
  }),
);
export type SchedulePolicy = z.infer<typeof SchedulePolicySchema>;

/** Defaults: no stricter local visit interval, end review 12 weeks before, {@link defaultCheckPolicy}. */
export const defaultSchedulePolicy: SchedulePolicy = {
  endReviewWeeksBefore: 12,
  checks: defaultCheckPolicy,
  requestedVisitWorkingDays: DEFAULT_REQUESTED_VISIT_WORKING_DAYS,
  interimSafetyPlanWorkingDays: DEFAULT_INTERIM_SAFETY_PLAN_WORKING_DAYS,
};

/**
 * The kinds of visit the clock tells apart: the initial visit (regulations 4 and 7), a regulation 8
 * visit, and a visit on request. The one declaration: records, forms and labels use it.
 */
export const VISIT_KINDS = ['initial', 'regulation-8', 'requested'] as const;
export const VisitKindSchema = z.enum(VISIT_KINDS);
export type VisitKind = (typeof VISIT_KINDS)[number];

/** Everything known about a case that affects its obligations. */
export interface ScheduleInput {
  /** When the council received the notification (an instant; its London date is what counts). */
  notifiedAt: Date;
  /** Visits made, in any order. */
  visits: { date: IsoDate; kind?: VisitKind }[];
  /** Visits asked for by the child, the carer or a parent. */
  requestedVisits?: { requestedOn: IsoDate }[];
  dateOfBirth?: IsoDate;
  disabled?: boolean;
  /** Checks recorded: completed, or recorded as delayed by staff. */
  checks?: { type: CheckType; completedOn?: IsoDate; delayed?: boolean }[];
  /** When an interim safety plan (for a delayed DBS check) was agreed. */
  interimSafetyPlan?: { agreedOn: IsoDate };
  /** The arrangement's recorded end: open obligations are cancelled. */
  ended?: { on: IsoDate };
  /**
   * The notification is of a proposed arrangement (regulation 3): the child has not moved in yet.
   * The first visit is then the regulation 4 visit and no regulation 8 visit is owed until the
   * move-in is recorded.
   */
  proposal?: boolean;
  /**
   * When the council was told the child moved in (regulation 6): starts the regulation 7 visit and
   * regulation 8 visits. Implies `proposal` (only a proposed arrangement has a move-in to record).
   * An instant before `notifiedAt` is treated as `notifiedAt`.
   */
  movedInAt?: Date;
  /** Disability (s.17(11)) not yet decided by the council: the age limit assumes 16 until it is. */
  disabilityUnknown?: boolean;
  /** The London date the front door recorded its decision (Working Together 2023: one working day). */
  frontDoorDecidedOn?: IsoDate;
  /**
   * A transfer notice sent to the council the child moved to (issue 12), and the London date that
   * council acknowledged it. Owed whatever the end or the age: the move is why the case ends.
   */
  transfer?: { sentAt: Date; acknowledgedOn?: IsoDate };
  /**
   * Today's London date, if known. Only used to notice a DBS check that has passed its due date
   * without being completed (which calls for an interim safety plan).
   */
  asOf?: IsoDate;
  policy?: SchedulePolicy;
  calendar?: WorkingDayCalendar;
}

function latest(dates: IsoDate[]): IsoDate | undefined {
  return dates.reduce<IsoDate | undefined>(
    (a, d) => (a === undefined || compareIsoDates(d, a) > 0 ? d : a),
    undefined,
  );
}

function earliest(dates: IsoDate[]): IsoDate | undefined {
  return dates.reduce<IsoDate | undefined>(
    (a, d) => (a === undefined || compareIsoDates(d, a) < 0 ? d : a),
    undefined,
  );
}

/** Obligations the age limit never cancels: the end itself, the review before it, the front door. */
const OWED_WHATEVER_THE_AGE: readonly ObligationKind[] = [
  'arrangement-end',
  'end-review',
  'front-door-decision',
  'transfer-acknowledgement',
];

/**
 * Computes every obligation of a case, sorted by due date. Pure: `now` is never read.
 *
 * - Front-door decision (Working Together to Safeguard Children 2023): one working day after the
 *   notification's London date; met by `frontDoorDecidedOn`. Every schedule has one.
 * - Visits that count: only visits on or after the notification's London date. An earlier visit
 *   (say one dated on the UTC date of an evening notification in summer time) meets nothing and
 *   starts no regulation 8 interval.
 * - Initial visit (regulations 4 and 7; regulation 4 alone for a `proposal`): met by the counted
 *   visit recorded as `initial`, else by the earliest counted visit.
 * - Move-in visit (regulations 6 and 7), once `movedInAt` is known: 7 working days after that
 *   instant's London date, met by the first visit on or after that date.
 * - Regulation 8 visit: the next one after the latest visit made while the child lives there (from
 *   the notification for an arrangement already running, from the move-in for a proposal); none
 *   for a proposal before the move-in, and none until there is such a visit. The first year runs
 *   from the notification (reg 8(6)).
 * - Requested visits (reg 8): each met by the first counted visit on or after the request.
 * - Checks (local policy): every required check, plus any optional check recorded for this case.
 * - Interim safety plan (local practice): when a DBS check is delayed — recorded as delayed,
 *   completed after its due date, or still not complete on `asOf` after its due date.
 * - The end by age (Children Act 1989 s.66), when the date of birth is known: the arrangement end,
 *   a review some weeks before it (never before the notification), and every other obligation
 *   still open and due on or after the 16th (18th if disabled) birthday is cancelled as not
 *   owed. A child already past the age limit when notified gets no visit schedule: only the
 *   front-door decision and the end (cancelled, saying why) are listed.
 * - A recorded end cancels every obligation still open.
 *
 * Working-day counts that run past the bank holiday data do not abort the schedule: that
 * obligation carries `needsBankHolidayDataFor` and says so in its basis (see
 * {@link withWeekdayFallback}). Calendar rules never need the data.
 *
 * @throws RangeError for a malformed date.
 */
export function computeSchedule(input: ScheduleInput): Obligation[] {
  const policy = input.policy ?? defaultSchedulePolicy;
  const calendar = withWeekdayFallback(input.calendar ?? defaultCalendar);
  for (const v of input.visits) assertIsoDate(v.date);
  for (const r of input.requestedVisits ?? []) assertIsoDate(r.requestedOn);
  for (const c of input.checks ?? []) if (c.completedOn !== undefined) assertIsoDate(c.completedOn);
  for (const d of [
    input.dateOfBirth,
    input.ended?.on,
    input.asOf,
    input.interimSafetyPlan?.agreedOn,
    input.frontDoorDecidedOn,
    input.transfer?.acknowledgedOn,
  ]) {
    if (d !== undefined) assertIsoDate(d);
  }
  if (input.movedInAt !== undefined && Number.isNaN(input.movedInAt.getTime())) {
    throw new RangeError('movedInAt: invalid Date');
  }
  const receivedOn = londonDateOf(input.notifiedAt);
  const obligations: Obligation[] = [];

  // Front-door decision: Working Together to Safeguard Children (2023), one working day.
  const frontDoor = frontDoorDecisionDue(input.notifiedAt, calendar);
  const frontDoorObligation: Obligation = {
    kind: 'front-door-decision',
    due: frontDoor.due,
    basis: frontDoor.basis,
    ...gapOf(frontDoor),
    ...(input.frontDoorDecidedOn === undefined
      ? { status: 'open' }
      : { status: 'met', metOn: input.frontDoorDecidedOn }),
  };

  // A move between councils: the receiving council's acknowledgement (issue 12, local practice).
  if (input.transfer !== undefined) {
    const t = transferAcknowledgementDue(input.transfer.sentAt, calendar);
    obligations.push({
      kind: 'transfer-acknowledgement',
      due: t.due,
      basis: t.basis,
      ...gapOf(t),
      ...(input.transfer.acknowledgedOn === undefined
        ? { status: 'open' }
        : { status: 'met', metOn: input.transfer.acknowledgedOn }),
    });
  }

  // The age limit: Children Act 1989 s.66 (18 if disabled, s.17(11); 16 assumed while undecided).
  const limit =
    input.dateOfBirth === undefined
      ? undefined
      : ageLimitOf({
          dateOfBirth: input.dateOfBirth,
          ...(input.disabled === undefined ? {} : { disabled: input.disabled }),
          ...(input.disabilityUnknown === undefined ? {} : { disabilityUnknown: input.disabilityUnknown }),
        });
  const end =
    input.dateOfBirth === undefined
      ? undefined
      : arrangementEndDue({
          dateOfBirth: input.dateOfBirth,
          disabled: input.disabled ?? false,
          ...(input.disabilityUnknown === undefined ? {} : { disabilityUnknown: input.disabilityUnknown }),
        });

  // Already past the age limit when the council was told: not private fostering (s.66), so no
  // visit schedule at all; the front door decides what happens next (child protection, early
  // help, or — if staff judge the child disabled — a schedule to 18).
  if (limit !== undefined && end !== undefined && compareIsoDates(receivedOn, limit.on) >= 0) {
    const why =
      `The child was already ${limit.age} when the council was notified on ${long(receivedOn)} ` +
      `(${limit.age} on ${long(limit.on)}): not private fostering (Children Act 1989 s.66), so no visits or checks are owed.`;
    const unlessDisabled =
      limit.age === 16 ? ' If staff decide the child is disabled (s.17(11)), the schedule runs to 18.' : '';
    obligations.push({
      ...frontDoorObligation,
      basis: `${frontDoorObligation.basis} ${why} The front door decides the next step.${unlessDisabled}`,
    });
    obligations.push({
      kind: 'arrangement-end',
      due: end.due,
      status: 'cancelled',
      basis: `${notOwedText(limit)} ${why}${unlessDisabled} ${end.basis}`,
    });
    return finish(obligations, input.ended);
  }
  obligations.push(frontDoorObligation);

  // Visits that count: none dated before the notification's London date (the council cannot have
  // visited under the Regulations before it knew of the arrangement).
  const counted = input.visits.filter((v) => compareIsoDates(v.date, receivedOn) >= 0);
  const countedDates = counted.map((v) => v.date);

  // Proposal or running (regulations 3 and 5). A recorded move-in (regulation 6) implies a proposal.
  const proposal = input.proposal === true || input.movedInAt !== undefined;
  // The London date the council was told of the move-in; never before the notification itself.
  let movedInOn: IsoDate | undefined;
  let moveIn: (DueDate & { toldOn: IsoDate }) | undefined;
  if (input.movedInAt !== undefined) {
    const told = input.movedInAt.getTime() < input.notifiedAt.getTime() ? input.notifiedAt : input.movedInAt;
    moveIn = moveInVisitDue(told, calendar);
    movedInOn = moveIn.toldOn;
  }

  // Initial visit: regulation 4 (proposal) or regulations 4 and 7.
  const initial = initialVisitDue(input.notifiedAt, calendar, { proposal });
  const initialMetOn =
    earliest(counted.filter((v) => v.kind === 'initial').map((v) => v.date)) ?? earliest(countedDates);
  obligations.push({
    kind: 'initial-visit',
    due: initial.due,
    basis: initial.basis,
    ...gapOf(initial),
    ...(initialMetOn === undefined ? { status: 'open' } : { status: 'met', metOn: initialMetOn }),
  });

  // Move-in visit: regulations 6 and 7, met only by a visit on or after the London date told.
  if (moveIn !== undefined && movedInOn !== undefined) {
    const from = movedInOn;
    const metOn = earliest(countedDates.filter((d) => compareIsoDates(d, from) >= 0));
    obligations.push({
      kind: 'move-in-visit',
      due: moveIn.due,
      basis: moveIn.basis,
      ...gapOf(moveIn),
      ...(metOn === undefined ? { status: 'open' } : { status: 'met', metOn }),
    });
  }

  // Regulation 8: visits to a child living there. Running: from the notification; a proposal:
  // from the move-in (a pre-placement visit starts no interval); before the move-in: none.
  const livesThereFrom = proposal ? movedInOn : receivedOn;
  if (livesThereFrom !== undefined) {
    const from = livesThereFrom;
    const lastVisit = latest(countedDates.filter((d) => compareIsoDates(d, from) >= 0));
    if (lastVisit !== undefined) {
      const next = nextRegulation8VisitDue({
        notifiedAt: input.notifiedAt,
        lastVisit,
        ...(policy.localIntervalWeeks === undefined ? {} : { localIntervalWeeks: policy.localIntervalWeeks }),
      });
      obligations.push({ kind: 'regulation-8-visit', due: next.due, basis: next.basis, status: 'open' });
    }
  }

  // Requested visits: regulation 8 (timescale is local practice).
  for (const request of input.requestedVisits ?? []) {
    const requested = requestedVisitDue({
      requestedOn: request.requestedOn,
      calendar,
      ...(policy.requestedVisitWorkingDays === undefined
        ? {}
        : { workingDays: policy.requestedVisitWorkingDays }),
    });
    const metOn = earliest(countedDates.filter((d) => compareIsoDates(d, request.requestedOn) >= 0));
    obligations.push({
      kind: 'requested-visit',
      due: requested.due,
      basis: requested.basis,
      ...gapOf(requested),
      ...(metOn === undefined ? { status: 'open' } : { status: 'met', metOn }),
    });
  }

  // Checks: local policy.
  const delayedDbs: { due: IsoDate; completedOn?: IsoDate }[] = [];
  for (const rule of policy.checks) {
    const recorded = (input.checks ?? []).filter((c) => c.type === rule.type);
    if (!rule.required && recorded.length === 0) continue;
    const check = checkDue({
      rule,
      initialVisit:
        initialMetOn === undefined ? { due: initial.due } : { due: initial.due, metOn: initialMetOn },
      calendar,
    });
    const completedOn = earliest(
      recorded.flatMap((c) => (c.completedOn === undefined ? [] : [c.completedOn])),
    );
    const recordedDelayed = completedOn === undefined && recorded.some((c) => c.delayed === true);
    obligations.push({
      kind: `check:${rule.type}`,
      due: check.due,
      basis: check.basis,
      ...gapOf(check),
      ...(completedOn === undefined ? { status: 'open' } : { status: 'met', metOn: completedOn }),
      ...(recordedDelayed ? { delayed: true as const } : {}),
    });
    const delayed =
      recorded.some((c) => c.delayed === true) ||
      (completedOn !== undefined && compareIsoDates(completedOn, check.due) > 0) ||
      (completedOn === undefined && input.asOf !== undefined && compareIsoDates(input.asOf, check.due) > 0);
    if (DBS_CHECK_TYPES.includes(rule.type) && delayed) {
      delayedDbs.push(completedOn === undefined ? { due: check.due } : { due: check.due, completedOn });
    }
  }

  // Interim safety plan while DBS is delayed: local practice (Croydon 2024).
  const firstDelayedDue = earliest(delayedDbs.map((d) => d.due));
  if (firstDelayedDue !== undefined) {
    const plan = interimSafetyPlanDue({
      dbsDue: firstDelayedDue,
      calendar,
      ...(policy.interimSafetyPlanWorkingDays === undefined
        ? {}
        : { workingDays: policy.interimSafetyPlanWorkingDays }),
    });
    const allDone = delayedDbs.every((d) => d.completedOn !== undefined);
    const planBase = { kind: 'interim-safety-plan' as const, due: plan.due, ...gapOf(plan) };
    if (input.interimSafetyPlan !== undefined) {
      obligations.push({
        ...planBase,
        basis: plan.basis,
        status: 'met',
        metOn: input.interimSafetyPlan.agreedOn,
      });
    } else if (allDone) {
      const done = latest(delayedDbs.flatMap((d) => (d.completedOn === undefined ? [] : [d.completedOn])));
      obligations.push({
        ...planBase,
        basis: `${plan.basis} No longer needed: the delayed DBS check was completed on ${long(done as IsoDate)}.`,
        status: 'cancelled',
      });
    } else {
      obligations.push({ ...planBase, basis: plan.basis, status: 'open' });
    }
  }

  if (limit !== undefined && end !== undefined) {
    // The review of the young person's needs before the end (local practice for the weeks). A
    // review date before the notification cannot be kept: it is due with the first visit instead,
    // and never before the notification (so it never needs bank holiday data from before it).
    const review = endReviewDue(end.due, policy.endReviewWeeksBefore);
    let reviewDue = review.due;
    let reviewBasis = review.basis;
    if (compareIsoDates(reviewDue, receivedOn) < 0) {
      const dayBefore = addDays(limit.on, -1);
      const withFirstVisit = compareIsoDates(initial.due, dayBefore) < 0 ? initial.due : dayBefore;
      reviewDue = compareIsoDates(withFirstVisit, receivedOn) < 0 ? receivedOn : withFirstVisit;
      reviewBasis =
        `${review.basis} That date (${long(review.due)}) was before the council was notified on ${long(receivedOn)}, ` +
        `so the review is due by ${long(reviewDue)}, with the first visit and before the ${limit.age}th birthday.`;
    }
    obligations.push({ kind: 'end-review', due: reviewDue, basis: reviewBasis, status: 'open' });
    obligations.push({ kind: 'arrangement-end', due: end.due, basis: end.basis, status: 'open' });

    // s.66: at the birthday the child stops being privately fostered, so nothing due on or after
    // it is owed. What was met stays met; the end and the review before it stay.
    const notOwed = notOwedText(limit);
    for (const [i, o] of obligations.entries()) {
      if (o.status !== 'open' || OWED_WHATEVER_THE_AGE.includes(o.kind)) continue;
      if (compareIsoDates(o.due, limit.on) < 0) continue;
      obligations[i] = { ...o, status: 'cancelled', basis: `${notOwed} ${o.basis}` };
    }
  }

  return finish(obligations, input.ended);
}

function gapOf(d: DueDate): { needsBankHolidayDataFor?: number } {
  return d.needsBankHolidayDataFor === undefined
    ? {}
    : { needsBankHolidayDataFor: d.needsBankHolidayDataFor };
}

/**
 * A recorded end cancels everything still open (the design: "Recording an end cancels open
 * obligations and reminders"); then sorted by due date, ties in {@link OBLIGATION_KINDS} order.
 */
function finish(obligations: Obligation[], ended: { on: IsoDate } | undefined): Obligation[] {
  const result =
    ended === undefined
      ? obligations
      : obligations.map(
          (o): Obligation =>
            // The transfer is owed because the child moved away: the end does not cancel it.
            o.status === 'open' && o.kind !== 'transfer-acknowledgement'
              ? {
                  ...o,
                  status: 'cancelled',
                  basis: `${o.basis} Cancelled: the arrangement ended on ${long(ended.on)}.`,
                }
              : o,
        );
  const order = (k: ObligationKind) => OBLIGATION_KINDS.indexOf(k);
  return result.sort((a, b) => compareIsoDates(a.due, b.due) || order(a.kind) - order(b.kind));
}

// ---------------------------------------------------------------------------------------------
// Reminders (pure planning; the sweep sends them)
// ---------------------------------------------------------------------------------------------

/** When reminders go out (configuration). */
export const ReminderPolicySchema = schemaOnFirstUse(() =>
  z.object({
    /** Working days before the due date to send "due soon" (0: no due-soon reminder). */
    dueSoonLeadWorkingDays: z._default(z.int().check(z.nonnegative()), 2),
    /** Calendar days between repeated "overdue" escalations. */
    overdueRepeatDays: z._default(z.int().check(z.positive()), 7),
  }),
);
export type ReminderPolicy = z.infer<typeof ReminderPolicySchema>;
export const defaultReminderPolicy: ReminderPolicy = ReminderPolicySchema.parse({});

export type ReminderStage = 'due-soon' | 'due-today' | 'overdue';

/**
 * The reminders for an open obligation: due soon on the working day `dueSoonLeadWorkingDays`
 * working days before the due date, due today on the due date, overdue the day after. A met or
 * cancelled obligation has none.
 */
export function planReminderStages(
  obligation: Pick<Obligation, 'due' | 'status'>,
  policy: ReminderPolicy = defaultReminderPolicy,
  calendar: WorkingDayCalendar = defaultCalendar,
): { stage: ReminderStage; sendOn: IsoDate }[] {
  if (obligation.status !== 'open') return [];
  const stages: { stage: ReminderStage; sendOn: IsoDate }[] = [];
  if (policy.dueSoonLeadWorkingDays > 0) {
    // Past the bank holiday data (an end review years ahead, a due date counted without the data)
    // the lead is counted over weekdays: a reminder a day early beats a case that cannot be saved.
    stages.push({
      stage: 'due-soon',
      sendOn: withWeekdayFallback(calendar).subtractWorkingDays(obligation.due, policy.dueSoonLeadWorkingDays)
        .date,
    });
  }
  stages.push({ stage: 'due-today', sendOn: obligation.due });
  stages.push({ stage: 'overdue', sendOn: addDays(obligation.due, 1) });
  return stages;
}

/**
 * When an overdue reminder (or its escalation) sent at `sentAt` goes out again while the
 * obligation stays overdue: `overdueRepeatDays` after it was last sent, at the same London time.
 * Counting from when it was sent, not from when it first fell due, means a sweep that catches up
 * on weeks of missed runs sends each reminder once, and its next repeat is never already past.
 */
export function nextOverdueRepeat(sentAt: Date, policy: ReminderPolicy = defaultReminderPolicy): Date {
  return sameLondonTimeDaysLater(sentAt, policy.overdueRepeatDays);
}
