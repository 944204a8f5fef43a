/**
 * The designated manager's compliance figures: what the annual report to the Director of
 * Children's Services and the safeguarding partnership needs (National Minimum Standard 7; the
 * national PF1 return stopped in 2016, so each council counts for itself). Pure: cases, period,
 * calendar and "today" are passed in. Every figure carries the references of the cases behind
 * it, so each number on the dashboard opens the list of cases that make it up.
 *
 * Definitions (also shown on the dashboard and written to the figures CSV). Dates are the
 * council's local (Europe/London) dates; "the cut-off" is the end of the period, or today if the
 * period has not ended yet, so nothing is counted late before it could be.
 *
 * - Notifications received: cases whose notification arrived in the period, by the notifier's role.
 * - Arrangements started: notifications received in the period, less those the assessment decided
 *   were not private fostering. Regulation 8(6) treats an arrangement as beginning when the
 *   council becomes aware of it, so the notification date is the start.
 * - Arrangements ended: ends recorded with an end date in the period, by reason.
 * - Open at the period end: received by the cut-off, not decided "not private fostering", and not
 *   ended by the cut-off.
 * - Initial visits within 7 working days: of the initial visits due in the period (regs 4 and 7),
 *   those made on or before the due date, out of those made on time, made late, or not made by
 *   the cut-off with the due date passed. Not counted: visits not yet due, and arrangements that
 *   ended before the visit fell due without one.
 * - Regulation 8 visits on time: every interval between visits whose legal deadline (6 weeks after
 *   a visit in the first year from notification, 12 weeks in a later year: reg 8(1), 8(6)) falls in
 *   the period. On time if the next visit was on or before the deadline; late if it came after, or
 *   had not come by the cut-off with the deadline passed. The legal maximum is the test, not a
 *   stricter local standard. Not counted: deadlines after the arrangement ended. Visits of every
 *   kind count, a visit made on request included: as in the statutory clock, any visit restarts
 *   the interval, and a request never adds an interval of its own.
 * - Visits on request: each request (by the child, the carer, a parent or passed on by someone
 *   else) whose due date (the council's timescale, default 7 working days: local practice, as
 *   regulation 8 sets none) falls in the period. Made on time if a visit of any kind was made on
 *   or after the request and by the due date; late if the first such visit came after it, or none
 *   had come by the cut-off with the due date passed. Not counted: requests not yet due, and
 *   arrangements that ended before the due date without a visit.
 * - Interim safety plans while DBS is delayed (Croydon 2024): cases whose interim safety plan fell
 *   due in the period: a DBS check recorded as delayed, completed after its due date, or still not
 *   completed at the cut-off with its due date passed (whether or not anyone recorded the delay);
 *   the plan is due a number of working days (default 5) after that check's due date. In place on
 *   time if agreed by then; late if agreed after; not in place if none was agreed by the cut-off
 *   with the due date passed, or the DBS check stayed outstanding past the plan's due date and
 *   was completed with no plan. Not counted: plans not yet due, DBS checks completed before the
 *   plan fell due, and arrangements that ended before it fell due.
 * - Children seen alone: visits made in the period (to the cut-off) at which the child was seen
 *   alone, visits on request included (regulation 8: the child is seen alone at every visit).
 * - Checks completed: checks with a completion date in the period. Outstanding: checks the council's
 *   policy requires (and optional ones recorded) not completed by the cut-off, for arrangements open
 *   at the cut-off. Overdue: the outstanding ones whose due date has passed.
 * - Days from notification to decision: for decisions recorded with a decision date in the period,
 *   calendar days from the notification's London date to the decision date (the date the designated
 *   manager approved the assessment, recorded on the "Record the assessment decision" page); the
 *   median of those.
 */
import { type DecisionOutcome, END_REASONS, type EndReason } from './case-vocabulary.ts';
import {
  compareIsoDates,
  daysBetween,
  formatLongDate,
  type IsoDate,
  isIsoDate,
  londonDateOf,
} from './local-date.ts';
import { NOTIFIER_ROLES, type NotifierRole } from './notification.ts';
import {
  computeSchedule,
  DBS_CHECK_TYPES,
  DEFAULT_REQUESTED_VISIT_WORKING_DAYS,
  defaultSchedulePolicy,
  initialVisitDue,
  nextRegulation8VisitDue,
  requestedVisitDue,
  type SchedulePolicy,
} from './statutory-clock.ts';
import type { CaseSummary } from './stored-case.ts';
import { CalendarOutOfRangeError, type WorkingDayCalendar } from './working-days.ts';

/** A reporting period, both ends inclusive (London dates). */
export interface Period {
  from: IsoDate;
  to: IsoDate;
}

/** What the figures need of a case: the case item and its summary (shared/domain/stored-case.ts). */
export interface ComplianceCase {
  reference: string;
  receivedAt: string;
  notifierRole: NotifierRole;
  summary?: CaseSummary | undefined;
}

/** A number and the cases behind it. `count` may exceed the references (several visits of one case). */
export interface Count {
  count: number;
  references: string[];
}

/** A share: `met` out of `total`, with the ones that were not met. Percent is null when total is 0. */
export interface Share {
  percent: number | null;
  met: Count;
  notMet: Count;
  total: Count;
}

export interface ComplianceFigures {
  period: Period;
  /** The last date counted: the period end, or today if sooner. */
  cutoff: IsoDate;
  notifications: { total: Count; bySource: Record<NotifierRole, Count> };
  arrangements: {
    started: Count;
    ended: Count;
    endedByReason: Record<EndReason, Count>;
    openAtPeriodEnd: Count;
  };
  initialVisits: Share & { late: Count; notMade: Count };
  regulation8Visits: { firstYear: Share; laterYears: Share };
  requestedVisits: Share & { late: Count; notMade: Count };
  interimSafetyPlans: Share & { late: Count; notMade: Count };
  childrenSeenAlone: Share;
  checks: { completed: Count; outstanding: Count; overdue: Count };
  decisions: { count: Count; medianDaysToDecision: number | null };
}

export interface ComplianceOptions {
  /** Today's London date: nothing after it is counted as missed. Defaults to the period end. */
  today?: IsoDate;
  policy?: SchedulePolicy;
}

class Tally {
  count = 0;
  readonly refs = new Set<string>();
  add(reference: string, n = 1): void {
    this.count += n;
    this.refs.add(reference);
  }
  done(): Count {
    return { count: this.count, references: [...this.refs].sort() };
  }
}

function share(met: Tally, notMet: Tally): Share {
  const total = new Tally();
  total.count = met.count + notMet.count;
  for (const r of [...met.refs, ...notMet.refs]) total.refs.add(r);
  return {
    percent: total.count === 0 ? null : Math.round((1000 * met.count) / total.count) / 10,
    met: met.done(),
    notMet: notMet.done(),
    total: total.done(),
  };
}

function merged(...tallies: Tally[]): Tally {
  const all = new Tally();
  for (const t of tallies) {
    all.count += t.count;
    for (const r of t.refs) all.refs.add(r);
  }
  return all;
}

const within = (d: IsoDate, p: Period) => compareIsoDates(d, p.from) >= 0 && compareIsoDates(d, p.to) <= 0;
const onOrBefore = (a: IsoDate, b: IsoDate) => compareIsoDates(a, b) <= 0;
const before = (a: IsoDate, b: IsoDate) => compareIsoDates(a, b) < 0;

/** The median of a list of numbers (the mean of the middle two for an even count); null if empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Math.round(value * 10) / 10;
}

/** The last date counted: the period end, or today if sooner (nothing is late before it could be). */
export function cutoffOf(period: Period, today: IsoDate | undefined): IsoDate {
  return today !== undefined && before(today, period.to) ? today : period.to;
}

/** The financial year (1 April to 31 March) containing `date`: the default reporting period. */
export function financialYearContaining(date: IsoDate): Period {
  const year = Number(date.slice(0, 4));
  const startYear = compareIsoDates(date, `${year}-04-01`) >= 0 ? year : year - 1;
  return { from: `${startYear}-04-01`, to: `${startYear + 1}-03-31` };
}

/**
 * Computes every figure for the period. See the module comment for each definition.
 *
 * @throws CalendarOutOfRangeError when a working-day count runs past the bank holiday data.
 */
export function complianceFigures(
  cases: readonly ComplianceCase[],
  period: Period,
  calendar: WorkingDayCalendar,
  options: ComplianceOptions = {},
): ComplianceFigures {
  if (compareIsoDates(period.from, period.to) > 0)
    throw new RangeError('The period must start on or before its end');
  const cutoff = cutoffOf(period, options.today);
  const policy = options.policy ?? defaultSchedulePolicy;
  const counted: Period = { from: period.from, to: cutoff };

  const notifications = new Tally();
  const bySource = Object.fromEntries(NOTIFIER_ROLES.map((r) => [r, new Tally()])) as Record<
    NotifierRole,
    Tally
  >;
  const started = new Tally();
  const ended = new Tally();
  const endedByReason = Object.fromEntries(END_REASONS.map((r) => [r, new Tally()])) as Record<
    EndReason,
    Tally
  >;
  const openAtEnd = new Tally();
  const initialOnTime = new Tally();
  const initialLate = new Tally();
  const initialNotMade = new Tally();
  const reg8 = {
    first: { met: new Tally(), notMet: new Tally() },
    later: { met: new Tally(), notMet: new Tally() },
  };
  const requested = { onTime: new Tally(), late: new Tally(), notMade: new Tally() };
  const plans = { onTime: new Tally(), late: new Tally(), notMade: new Tally() };
  const seenAlone = new Tally();
  const notSeenAlone = new Tally();
  const checksCompleted = new Tally();
  const checksOutstanding = new Tally();
  const checksOverdue = new Tally();
  const decisions = new Tally();
  const daysToDecision: number[] = [];

  for (const c of cases) {
    // A notification linked as a duplicate of another case's arrangement counts once, as that
    // case (issue 12): its own duties were merged into the original.
    if (c.summary?.duplicateOf) continue;
    const ref = c.reference;
    const notifiedAt = new Date(c.receivedAt);
    const receivedOn = londonDateOf(notifiedAt);
    const summary = c.summary ?? { visits: [], checks: [] };
    const decision: DecisionOutcome | undefined = summary.decision;
    const notPrivateFostering = decision === 'not-private-fostering';
    const endedOn = summary.endedOn;
    const openAt = (d: IsoDate) => onOrBefore(receivedOn, d) && (endedOn === undefined || before(d, endedOn));

    if (within(receivedOn, period)) {
      notifications.add(ref);
      bySource[c.notifierRole].add(ref);
      if (!notPrivateFostering) started.add(ref);
    }
    if (endedOn !== undefined && within(endedOn, period)) {
      ended.add(ref);
      if (summary.endReason) endedByReason[summary.endReason].add(ref);
    }
    if (decision !== undefined && summary.decidedOn !== undefined && within(summary.decidedOn, period)) {
      decisions.add(ref);
      daysToDecision.push(daysBetween(receivedOn, summary.decidedOn));
    }
    if (notPrivateFostering) continue;
    if (openAt(cutoff)) openAtEnd.add(ref);

    // Visits made by the cut-off, one per date, in date order.
    const visits = [...summary.visits]
      .filter((v) => onOrBefore(v.date, cutoff))
      .sort((a, b) => a.date.localeCompare(b.date));
    const visitDates = [...new Set(visits.map((v) => v.date))];

    // Initial visit: regulations 4 and 7, counted when it falls due in the period.
    const initial = judgeInitialVisit(c, cutoff, calendar);
    if (within(initial.due, period)) {
      if (initial.outcome === 'on-time') initialOnTime.add(ref);
      else if (initial.outcome === 'late') initialLate.add(ref);
      else if (initial.outcome === 'not-made') initialNotMade.add(ref);
    }

    // Regulation 8: each interval after a visit, judged by the legal maximum.
    visitDates.forEach((date, i) => {
      const next = nextRegulation8VisitDue({ notifiedAt, lastVisit: date });
      if (!within(next.due, period)) return;
      if (endedOn !== undefined && onOrBefore(endedOn, next.due)) return;
      const bucket = next.arrangementYear === 1 ? reg8.first : reg8.later;
      const following = visitDates[i + 1];
      if (following !== undefined) {
        if (onOrBefore(following, next.due)) bucket.met.add(ref);
        else bucket.notMet.add(ref);
      } else if (before(next.due, cutoff)) {
        bucket.notMet.add(ref);
      }
    });

    // Visits on request (regulation 8; the timescale is local practice): any visit on or after
    // the request meets it, as in the statutory clock.
    for (const request of summary.requests ?? []) {
      const due = requestedVisitDue({
        requestedOn: request.requestedOn,
        workingDays: policy.requestedVisitWorkingDays ?? DEFAULT_REQUESTED_VISIT_WORKING_DAYS,
        calendar,
      }).due;
      if (!within(due, period)) continue;
      const made = visitDates.find((d) => onOrBefore(request.requestedOn, d));
      if (made !== undefined) {
        if (onOrBefore(made, due)) requested.onTime.add(ref);
        else requested.late.add(ref);
      } else if (before(due, cutoff) && (endedOn === undefined || !before(endedOn, due))) {
        requested.notMade.add(ref);
      }
    }

    for (const v of visits) {
      if (!within(v.date, counted)) continue;
      if (v.seenAlone) seenAlone.add(ref);
      else notSeenAlone.add(ref);
    }

    // What was recorded by the cut-off decides the schedule as it stood then.
    const schedule = computeSchedule({
      notifiedAt,
      visits: visits.map((v) => ({ date: v.date, kind: v.kind })),
      checks: summary.checks.map((k) => ({
        type: k.type,
        ...(k.completedOn !== undefined && onOrBefore(k.completedOn, cutoff)
          ? { completedOn: k.completedOn }
          : {}),
        ...(k.delayed ? { delayed: true } : {}),
      })),
      ...(summary.safetyPlanAgreedOn !== undefined && onOrBefore(summary.safetyPlanAgreedOn, cutoff)
        ? { interimSafetyPlan: { agreedOn: summary.safetyPlanAgreedOn } }
        : {}),
      asOf: cutoff,
      policy,
      calendar,
    });

    // Interim safety plan while DBS is delayed (local practice; Ofsted, Croydon 2024).
    const plan = schedule.find((o) => o.kind === 'interim-safety-plan');
    if (plan && within(plan.due, period) && (endedOn === undefined || before(plan.due, endedOn))) {
      if (plan.status === 'met' && plan.metOn !== undefined) {
        if (onOrBefore(plan.metOn, plan.due)) plans.onTime.add(ref);
        else plans.late.add(ref);
      } else if (plan.status === 'open') {
        if (before(plan.due, cutoff)) plans.notMade.add(ref);
      } else {
        // Cancelled: the delayed DBS checks were completed with no plan. Missing if that was
        // after the plan fell due.
        const dbsDone = schedule
          .filter((o) => DBS_CHECK_TYPES.some((t) => o.kind === `check:${t}`) && o.metOn !== undefined)
          .map((o) => o.metOn as IsoDate)
          .sort()
          .at(-1);
        if (dbsDone !== undefined && before(plan.due, dbsDone)) plans.notMade.add(ref);
      }
    }

    // Checks.
    for (const check of summary.checks) {
      if (check.completedOn !== undefined && within(check.completedOn, period)) checksCompleted.add(ref);
    }
    if (openAt(cutoff)) {
      for (const o of schedule) {
        if (!o.kind.startsWith('check:') || o.status !== 'open') continue;
        checksOutstanding.add(ref);
        if (before(o.due, cutoff)) checksOverdue.add(ref);
      }
    }
  }

  const initialMissed = merged(initialLate, initialNotMade);

  return {
    period,
    cutoff,
    notifications: {
      total: notifications.done(),
      bySource: Object.fromEntries(NOTIFIER_ROLES.map((r) => [r, bySource[r].done()])) as Record<
        NotifierRole,
        Count
      >,
    },
    arrangements: {
      started: started.done(),
      ended: ended.done(),
      endedByReason: Object.fromEntries(END_REASONS.map((r) => [r, endedByReason[r].done()])) as Record<
        EndReason,
        Count
      >,
      openAtPeriodEnd: openAtEnd.done(),
    },
    initialVisits: {
      ...share(initialOnTime, initialMissed),
      late: initialLate.done(),
      notMade: initialNotMade.done(),
    },
    regulation8Visits: {
      firstYear: share(reg8.first.met, reg8.first.notMet),
      laterYears: share(reg8.later.met, reg8.later.notMet),
    },
    requestedVisits: {
      ...share(requested.onTime, merged(requested.late, requested.notMade)),
      late: requested.late.done(),
      notMade: requested.notMade.done(),
    },
    interimSafetyPlans: {
      ...share(plans.onTime, merged(plans.late, plans.notMade)),
      late: plans.late.done(),
      notMade: plans.notMade.done(),
    },
    childrenSeenAlone: share(seenAlone, notSeenAlone),
    checks: {
      completed: checksCompleted.done(),
      outstanding: checksOutstanding.done(),
      overdue: checksOverdue.done(),
    },
    decisions: { count: decisions.done(), medianDaysToDecision: median(daysToDecision) },
  };
}

/**
 * How a case's initial visit stands at the cut-off (regulations 4 and 7):
 * - `on-time` / `late`: the visit recorded as initial (else the first visit) made by the cut-off,
 *   on or before the due date, or after it;
 * - `not-made`: no visit by the cut-off, with the due date passed;
 * - `not-yet-due`: no visit, and the due date not passed by the cut-off;
 * - `ended-before-due`: no visit, and the arrangement ended before the visit fell due;
 * - `not-private-fostering`: the assessment decided it was not private fostering.
 * Only the first three are counted in the figures.
 */
export type InitialVisitOutcome =
  | 'on-time'
  | 'late'
  | 'not-made'
  | 'not-yet-due'
  | 'ended-before-due'
  | 'not-private-fostering';

export interface InitialVisitJudgement {
  due: IsoDate;
  /** The visit that counts as the initial one, if made by the cut-off. */
  made: IsoDate | undefined;
  outcome: InitialVisitOutcome;
}

/**
 * Judges one case's initial visit as of `cutoff`: the one rule behind both the dashboard's
 * "within 7 working days" figure and the cases CSV's column, so the two cannot disagree.
 *
 * @throws CalendarOutOfRangeError when the due date runs past the bank holiday data.
 */
export function judgeInitialVisit(
  c: ComplianceCase,
  cutoff: IsoDate,
  calendar: WorkingDayCalendar,
): InitialVisitJudgement {
  const summary = c.summary ?? { visits: [], checks: [] };
  const due = initialVisitDue(new Date(c.receivedAt), calendar).due;
  // As computeSchedule: the visit recorded as initial, else the first, made by the cut-off.
  const visits = [...summary.visits]
    .filter((v) => onOrBefore(v.date, cutoff))
    .sort((a, b) => a.date.localeCompare(b.date));
  const made = visits.find((v) => v.kind === 'initial')?.date ?? visits[0]?.date;
  const outcome: InitialVisitOutcome =
    summary.decision === 'not-private-fostering'
      ? 'not-private-fostering'
      : made !== undefined
        ? onOrBefore(made, due)
          ? 'on-time'
          : 'late'
        : summary.endedOn !== undefined && before(summary.endedOn, due)
          ? 'ended-before-due'
          : before(due, cutoff)
            ? 'not-made'
            : 'not-yet-due';
  return { due, made, outcome };
}

/** What the cases CSV needs of a case: the figures' facts and the case item's status. */
export interface ReportCase extends ComplianceCase {
  status: 'open' | 'ended';
  allocatedTo?: string | undefined;
  nextDue?: IsoDate | undefined;
}

/** One case's line in the cases CSV. */
export interface CaseReportRow {
  reference: string;
  receivedOn: IsoDate;
  notifierRole: NotifierRole;
  status: 'open' | 'ended';
  allocatedTo: string | undefined;
  /** Undefined when the bank holiday data does not reach the due date. */
  initialVisit: InitialVisitJudgement | undefined;
  visits: number;
  visitsSeenAlone: number;
  lastVisit: IsoDate | undefined;
  /** The next open obligation's due date, while the case is open. */
  nextDue: IsoDate | undefined;
  checksCompleted: number;
  endedOn: IsoDate | undefined;
  endReason: EndReason | undefined;
  decision: DecisionOutcome | undefined;
  decidedOn: IsoDate | undefined;
  daysToDecision: number | undefined;
}

/**
 * The cases CSV: every case open at some time in the period (received by its end, not ended before
 * its start), oldest first, each with its facts and its initial visit judged as the dashboard
 * judges it (at the same cut-off: the period end, or today if sooner).
 */
export function caseReportRows(
  cases: readonly ReportCase[],
  period: Period,
  calendar: WorkingDayCalendar,
  options: Pick<ComplianceOptions, 'today'> = {},
): CaseReportRow[] {
  const cutoff = cutoffOf(period, options.today);
  return cases
    .filter((c) => {
      if (c.summary?.duplicateOf) return false; // counted once, as its original (issue 12)
      const received = londonDateOf(new Date(c.receivedAt));
      const ended = c.summary?.endedOn;
      return onOrBefore(received, period.to) && (ended === undefined || !before(ended, period.from));
    })
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
    .map((c) => {
      const s = c.summary ?? { visits: [], checks: [] };
      const receivedOn = londonDateOf(new Date(c.receivedAt));
      let initialVisit: InitialVisitJudgement | undefined;
      try {
        initialVisit = judgeInitialVisit(c, cutoff, calendar);
      } catch (error) {
        if (!(error instanceof CalendarOutOfRangeError)) throw error;
      }
      return {
        reference: c.reference,
        receivedOn,
        notifierRole: c.notifierRole,
        status: c.status,
        allocatedTo: c.allocatedTo,
        initialVisit,
        visits: s.visits.length,
        visitsSeenAlone: s.visits.filter((v) => v.seenAlone).length,
        lastVisit: s.visits.at(-1)?.date,
        nextDue: c.status === 'open' ? c.nextDue : undefined,
        checksCompleted: s.checks.filter((k) => k.completedOn).length,
        endedOn: s.endedOn,
        endReason: s.endReason,
        decision: s.decision,
        decidedOn: s.decidedOn,
        daysToDecision:
          s.decidedOn !== undefined && isIsoDate(s.decidedOn)
            ? daysBetween(receivedOn, s.decidedOn)
            : undefined,
      };
    });
}

/** One line of the dashboard and the figures CSV. */
export interface FigureRow {
  /** Stable id, used in links to the cases behind it (`initial-visits.met`). */
  id: string;
  section: string;
  label: string;
  count: number;
  /**
   * "85.7%" for a share's headline row, "median 12 days" for decisions; empty when there is
   * nothing to count (a share of none is not a number, and "0" beside "no cases" reads as both).
   */
  percent: string;
  /** What `count` counts: several checks or visits can belong to one case. */
  unit: FigureUnit;
  references: string[];
  definition: string;
}

/** What a figure counts, singular. */
export type FigureUnit = 'case' | 'visit' | 'visit interval' | 'request' | 'check' | 'decision';

/** "35 checks in 4 cases", "1 case": the count with its unit, and the cases when they differ. */
export function describeCount(row: Pick<FigureRow, 'count' | 'unit' | 'references'>): string {
  const of = (n: number, unit: string) => `${n} ${n === 1 ? unit : `${unit}s`}`;
  const counted = of(row.count, row.unit);
  return row.unit === 'case' ? counted : `${counted} in ${of(row.references.length, 'case')}`;
}

const pct = (s: Share) => (s.percent === null ? '' : `${s.percent}%`);

/** The figures as rows, in report order, each with its definition. */
export function figureRows(
  f: ComplianceFigures,
  labels: { source: Record<NotifierRole, string>; endReason: Record<EndReason, string> },
): FigureRow[] {
  const rows: FigureRow[] = [];
  const add = (
    id: string,
    section: string,
    label: string,
    c: Count,
    definition: string,
    percent = '',
    unit: FigureUnit = 'case',
  ) => rows.push({ id, section, label, count: c.count, percent, unit, references: c.references, definition });

  const notes = 'Cases whose notification arrived in the period (London date).';
  add('notifications', 'Notifications received', 'All notifications', f.notifications.total, notes);
  for (const role of NOTIFIER_ROLES) {
    add(
      `notifications.${role}`,
      'Notifications received',
      labels.source[role],
      f.notifications.bySource[role],
      `${notes} Notifier: ${labels.source[role]}.`,
    );
  }
  add(
    'arrangements.started',
    'Arrangements',
    'Started',
    f.arrangements.started,
    'Notifications received in the period, less those decided not to be private fostering (reg 8(6): an arrangement begins when the council becomes aware of it).',
  );
  add(
    'arrangements.ended',
    'Arrangements',
    'Ended',
    f.arrangements.ended,
    'Ends recorded with an end date in the period.',
  );
  for (const reason of END_REASONS) {
    add(
      `arrangements.ended.${reason}`,
      'Arrangements',
      `Ended: ${labels.endReason[reason]}`,
      f.arrangements.endedByReason[reason],
      'Ends in the period with this reason.',
    );
  }
  add(
    'arrangements.open',
    'Arrangements',
    `Open on ${formatLongDate(f.cutoff)}`,
    f.arrangements.openAtPeriodEnd,
    'Received by the end of the period (or today, if sooner), not decided "not private fostering", and not ended by then.',
  );

  const iv = f.initialVisits;
  add(
    'initial-visits.met',
    'Initial visits (regulations 4 and 7)',
    'Within 7 working days',
    iv.met,
    'Initial visits due in the period made on or before the due date, as a share of those due in the period that were made on time, made late, or not made by the cut-off.',
    pct(iv),
  );
  add(
    'initial-visits.late',
    'Initial visits (regulations 4 and 7)',
    'Made late',
    iv.late,
    'Made after the due date.',
  );
  add(
    'initial-visits.not-made',
    'Initial visits (regulations 4 and 7)',
    'Not made, and overdue',
    iv.notMade,
    'No visit by the cut-off, with the due date passed.',
  );

  for (const [key, label, share] of [
    ['first-year', 'first year', f.regulation8Visits.firstYear],
    ['later-years', 'later years', f.regulation8Visits.laterYears],
  ] as const) {
    add(
      `regulation-8.${key}.met`,
      'Regulation 8 visits',
      `On time in the ${label}`,
      share.met,
      `Intervals whose legal deadline (6 weeks in the first year from notification, 12 weeks after) fell in the period and was met by the next visit, as a share of all such intervals (in the ${label}).`,
      pct(share),
      'visit interval',
    );
    add(
      `regulation-8.${key}.not-met`,
      'Regulation 8 visits',
      `Late in the ${label}`,
      share.notMet,
      'The next visit came after the deadline, or had not come by the cut-off with the deadline passed.',
      '',
      'visit interval',
    );
  }

  const rv = f.requestedVisits;
  add(
    'requested-visits.met',
    'Visits on request (regulation 8)',
    'Made within the timescale',
    rv.met,
    "Requests from the child, carer, a parent or someone else whose due date (the council's timescale, default 7 working days after the request) fell in the period, met by a visit of any kind on or after the request and by the due date; as a share of those made on time, made late, or not made by the cut-off.",
    pct(rv),
    'request',
  );
  add(
    'requested-visits.late',
    'Visits on request (regulation 8)',
    'Made late',
    rv.late,
    'The first visit on or after the request came after its due date.',
    '',
    'request',
  );
  add(
    'requested-visits.not-made',
    'Visits on request (regulation 8)',
    'Not made, and overdue',
    rv.notMade,
    'No visit on or after the request by the cut-off, with the due date passed.',
    '',
    'request',
  );

  const sp = f.interimSafetyPlans;
  add(
    'safety-plans.met',
    'Interim safety plans while DBS is delayed',
    'In place on time',
    sp.met,
    'Cases whose interim safety plan fell due in the period (a DBS check recorded as delayed, completed late, or outstanding past its due date; the plan is due a set number of working days, default 5, after the DBS check was), agreed by its due date; as a share of those agreed on time, agreed late, or not in place.',
    pct(sp),
  );
  add(
    'safety-plans.late',
    'Interim safety plans while DBS is delayed',
    'Agreed late',
    sp.late,
    'Agreed after the due date.',
  );
  add(
    'safety-plans.not-made',
    'Interim safety plans while DBS is delayed',
    'Not in place',
    sp.notMade,
    'No plan agreed by the cut-off with the due date passed, or the DBS check was completed after the due date with no plan ever agreed.',
  );

  add(
    'seen-alone.met',
    'Children seen alone',
    'Visits where the child was seen alone',
    f.childrenSeenAlone.met,
    'Visits in the period at which the child was seen alone, as a share of all visits in the period.',
    pct(f.childrenSeenAlone),
    'visit',
  );
  add(
    'seen-alone.not-met',
    'Children seen alone',
    'Visits where the child was not seen alone',
    f.childrenSeenAlone.notMet,
    'Visits in the period at which the child was not seen alone (the reason is recorded with the visit).',
    '',
    'visit',
  );

  add(
    'checks.completed',
    'Checks',
    'Completed',
    f.checks.completed,
    'Checks with a completion date in the period.',
    '',
    'check',
  );
  add(
    'checks.outstanding',
    'Checks',
    'Outstanding',
    f.checks.outstanding,
    "Checks the council's policy requires (and optional ones recorded) not completed by the cut-off, for arrangements open then.",
    '',
    'check',
  );
  add(
    'checks.overdue',
    'Checks',
    'Overdue',
    f.checks.overdue,
    'Outstanding checks whose due date has passed.',
    '',
    'check',
  );

  rows.push({
    id: 'decisions',
    section: 'Time from notification to decision',
    // The number column holds the count, as in every other row; the median sits beside it.
    label: 'Decisions made (with the median days from notification to decision)',
    count: f.decisions.count.count,
    percent:
      f.decisions.medianDaysToDecision === null ? '' : `median ${f.decisions.medianDaysToDecision} days`,
    unit: 'decision',
    references: f.decisions.count.references,
    definition:
      'Decisions dated in the period: calendar days from the notification (London date) to the date the assessment was approved; the median. The count is the number of decisions.',
  });
  return rows;
}
