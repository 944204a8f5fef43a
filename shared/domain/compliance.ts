/**
 * The designated manager's compliance figures: what the annual report to the Director of
 * Children's Services and the safeguarding partnership needs (National Minimum Standard 7; the
 * national PF1 return stopped in 2016, so each council counts for itself). Pure: cases, period,
 * calendar and "today" are passed in. Every figure carries the references of the cases behind
 * it, so each number on the dashboard opens the list of cases that make it up.
 *
 * What each figure counts is written once, in figures/definitions.ts (shown on the dashboard,
 * written to the figures CSV and to the README). The rules: figures/arrangement-span.ts (started,
 * ended, open), figures/visit-timeliness.ts (which visits count, the initial visit, regulation 8
 * deadlines, seen alone); this module counts them for a period.
 */
import { type DecisionOutcome, END_REASONS, type EndReason } from './case-vocabulary.ts';
import { arrangementSpan, countsForVisits, liveOn, openOn } from './figures/arrangement-span.ts';
import { type FigureUnit, figureDefinition } from './figures/definitions.ts';
import {
  type InitialVisitJudgement,
  judgeInitialVisit,
  regulation8Deadlines,
  seenAloneOutcome,
  visitsThatCount,
} from './figures/visit-timeliness.ts';
import {
  addDays,
  compareIsoDates,
  daysBetween,
  formatLongDate,
  type IsoDate,
  isIsoDate,
} from './local-date.ts';
import { NOTIFIER_ROLES, type NotifierRole } from './notification.ts';
import {
  computeSchedule,
  DBS_CHECK_TYPES,
  DEFAULT_REQUESTED_VISIT_WORKING_DAYS,
  defaultSchedulePolicy,
  requestedVisitDue,
  type SchedulePolicy,
} from './statutory-clock.ts';
import type { CaseSummary } from './stored-case.ts';
import { CalendarOutOfRangeError, type WorkingDayCalendar } from './working-days.ts';

export { type ArrangementSpan, arrangementSpan, openOn } from './figures/arrangement-span.ts';
export { FIGURE_DEFINITIONS, type FigureDefinition, type FigureUnit } from './figures/definitions.ts';
export {
  type InitialVisitJudgement,
  type InitialVisitOutcome,
  judgeInitialVisit,
  regulation8Deadlines,
} from './figures/visit-timeliness.ts';

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
  notifications: { total: Count; bySource: Record<NotifierRole, Count>; duplicates: Count };
  arrangements: {
    /** Open on the day before the period starts. */
    openAtPeriodStart: Count;
    started: Count;
    ended: Count;
    endedByReason: Record<EndReason, Count>;
    /** Ended by reaching the age limit in the period with no end recorded on or before it. */
    endedAtAgeLimitUnrecorded: Count;
    openAtPeriodEnd: Count;
    /** Past the age limit at the cut-off with no end recorded: left out of `openAtPeriodEnd`. */
    pastAgeLimitUnrecorded: Count;
  };
  initialVisits: Share & { late: Count; notMade: Count };
  /** Live at the cut-off, initial visit overdue, never visited. */
  neverVisited: Count;
  visitsBeforeNotification: Count;
  regulation8Visits: { firstYear: Share; laterYears: Share };
  requestedVisits: Share & { late: Count; notMade: Count };
  interimSafetyPlans: Share & { late: Count; notMade: Count };
  /** Per visit: seen alone out of seen alone or not; "not appropriate" (reg 8(3)) apart. */
  childrenSeenAlone: Share & { notAppropriate: Count };
  /** Per child: seen alone at every visit, out of those, those not seen alone, and those not visited. */
  childrenSeenAloneByChild: Share & { notSeenAlone: Count; notVisited: Count; notAppropriate: Count };
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
  const total = merged(met, notMet);
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
const tallies = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, new Tally()])) as Record<K, Tally>;
const counts = <K extends string>(keys: readonly K[], t: Record<K, Tally>) =>
  Object.fromEntries(keys.map((k) => [k, t[k].done()])) as Record<K, Count>;

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
 * Computes every figure for the period (definitions: figures/definitions.ts).
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
  const dayBefore = addDays(period.from, -1);

  const notifications = new Tally();
  const bySource = tallies(NOTIFIER_ROLES);
  const duplicates = new Tally();
  const openAtStart = new Tally();
  const started = new Tally();
  const ended = new Tally();
  const endedByReason = tallies(END_REASONS);
  const endedAtAgeLimitUnrecorded = new Tally();
  const openAtEnd = new Tally();
  const pastAgeLimitUnrecorded = new Tally();
  const initialOnTime = new Tally();
  const initialLate = new Tally();
  const initialNotMade = new Tally();
  const neverVisited = new Tally();
  const visitsBeforeNotification = new Tally();
  const reg8 = {
    first: { met: new Tally(), notMet: new Tally() },
    later: { met: new Tally(), notMet: new Tally() },
  };
  const requested = { onTime: new Tally(), late: new Tally(), notMade: new Tally() };
  const plans = { onTime: new Tally(), late: new Tally(), notMade: new Tally() };
  const alone = { seen: new Tally(), notSeen: new Tally(), notAppropriate: new Tally() };
  const children = {
    seen: new Tally(),
    notSeen: new Tally(),
    notVisited: new Tally(),
    notAppropriate: new Tally(),
  };
  const checksCompleted = new Tally();
  const checksOutstanding = new Tally();
  const checksOverdue = new Tally();
  const decisions = new Tally();
  const daysToDecision: number[] = [];

  for (const c of cases) {
    const ref = c.reference;
    const notifiedAt = new Date(c.receivedAt);
    const summary = c.summary ?? { visits: [], checks: [] };
    const span = arrangementSpan(c);
    const { receivedOn } = span;

    if (within(receivedOn, counted)) {
      notifications.add(ref);
      bySource[c.notifierRole].add(ref);
      if (span.notCounted === 'duplicate') duplicates.add(ref);
    }
    if (
      summary.decision !== undefined &&
      summary.decidedOn !== undefined &&
      within(summary.decidedOn, counted)
    ) {
      decisions.add(ref);
      daysToDecision.push(daysBetween(receivedOn, summary.decidedOn));
    }

    // Started, ended and open: one span, so the three always reconcile.
    if (openOn(span, dayBefore)) openAtStart.add(ref);
    if (span.startedOn !== undefined && within(span.startedOn, counted)) started.add(ref);
    if (span.startedOn !== undefined && span.endsOn !== undefined && within(span.endsOn, counted)) {
      ended.add(ref);
      if (span.endedBy === 'age-limit' && span.endReason !== 'reached-age')
        endedAtAgeLimitUnrecorded.add(ref);
      else if (span.endReason !== undefined) endedByReason[span.endReason].add(ref);
    }
    if (openOn(span, cutoff)) openAtEnd.add(ref);
    const ageLimitOn = summary.ageLimitOn;
    if (
      span.startedOn !== undefined &&
      span.endedBy === 'age-limit' &&
      ageLimitOn !== undefined &&
      onOrBefore(ageLimitOn, cutoff) &&
      (summary.endedOn === undefined || before(cutoff, summary.endedOn))
    ) {
      pastAgeLimitUnrecorded.add(ref);
    }

    if (!countsForVisits(span)) continue;
    const endsOn = span.endsOn;
    const { counted: visits, beforeNotification } = visitsThatCount(summary, receivedOn, cutoff);
    for (const v of beforeNotification) if (within(v.date, counted)) visitsBeforeNotification.add(ref);
    const visitDates = [...new Set(visits.map((v) => v.date))];
    const live = liveOn(span, cutoff);

    // Initial visit: regulations 4 and 7, counted when it falls due in the period.
    const initial = judgeInitialVisit(c, cutoff, calendar, span);
    if (within(initial.due, period)) {
      if (initial.outcome === 'on-time') initialOnTime.add(ref);
      else if (initial.outcome === 'late') initialLate.add(ref);
      else if (initial.outcome === 'not-made') initialNotMade.add(ref);
    }
    if (initial.outcome === 'not-made' && live) neverVisited.add(ref);

    // Regulation 8 deadlines (figures/visit-timeliness.ts), each counted in the period it fell in.
    let missedInPeriod = within(initial.due, counted) && initial.outcome === 'not-made';
    for (const deadline of regulation8Deadlines(c, span, cutoff, calendar)) {
      if (!within(deadline.due, period)) continue;
      const bucket = deadline.arrangementYear === 1 ? reg8.first : reg8.later;
      if (deadline.outcome === 'met') bucket.met.add(ref);
      else {
        bucket.notMet.add(ref);
        missedInPeriod = true;
      }
    }

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
      } else if (before(due, cutoff) && (endsOn === undefined || !before(endsOn, due))) {
        requested.notMade.add(ref);
      }
    }

    // Seen alone (regulation 8(3)), per visit and per child.
    const inPeriod = visits.filter(
      (v) => within(v.date, counted) && (endsOn === undefined || before(v.date, endsOn)),
    );
    const outcomes = inPeriod.map(seenAloneOutcome);
    for (const o of outcomes) {
      if (o === 'seen-alone') alone.seen.add(ref);
      else if (o === 'not-appropriate') alone.notAppropriate.add(ref);
      else alone.notSeen.add(ref);
    }
    if (outcomes.includes('not-seen-alone')) children.notSeen.add(ref);
    else if (outcomes.includes('seen-alone')) children.seen.add(ref);
    else if (outcomes.length > 0) children.notAppropriate.add(ref);
    else if (missedInPeriod) children.notVisited.add(ref);

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
    if (plan && within(plan.due, period) && (endsOn === undefined || before(plan.due, endsOn))) {
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
      if (check.completedOn !== undefined && within(check.completedOn, counted)) checksCompleted.add(ref);
    }
    if (live) {
      for (const o of schedule) {
        if (!o.kind.startsWith('check:') || o.status !== 'open') continue;
        checksOutstanding.add(ref);
        if (before(o.due, cutoff)) checksOverdue.add(ref);
      }
    }
  }

  const childrenShare = share(children.seen, merged(children.notSeen, children.notVisited));
  return {
    period,
    cutoff,
    notifications: {
      total: notifications.done(),
      bySource: counts(NOTIFIER_ROLES, bySource),
      duplicates: duplicates.done(),
    },
    arrangements: {
      openAtPeriodStart: openAtStart.done(),
      started: started.done(),
      ended: ended.done(),
      endedByReason: counts(END_REASONS, endedByReason),
      endedAtAgeLimitUnrecorded: endedAtAgeLimitUnrecorded.done(),
      openAtPeriodEnd: openAtEnd.done(),
      pastAgeLimitUnrecorded: pastAgeLimitUnrecorded.done(),
    },
    initialVisits: {
      ...share(initialOnTime, merged(initialLate, initialNotMade)),
      late: initialLate.done(),
      notMade: initialNotMade.done(),
    },
    neverVisited: neverVisited.done(),
    visitsBeforeNotification: visitsBeforeNotification.done(),
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
    childrenSeenAlone: { ...share(alone.seen, alone.notSeen), notAppropriate: alone.notAppropriate.done() },
    childrenSeenAloneByChild: {
      ...childrenShare,
      notSeenAlone: children.notSeen.done(),
      notVisited: children.notVisited.done(),
      notAppropriate: children.notAppropriate.done(),
    },
    checks: {
      completed: checksCompleted.done(),
      outstanding: checksOutstanding.done(),
      overdue: checksOverdue.done(),
    },
    decisions: { count: decisions.done(), medianDaysToDecision: median(daysToDecision) },
  };
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
  /** Proposed (regulation 3) or running (regulation 5) when notified. */
  arrangement: 'proposed' | 'running';
  movedInOn: IsoDate | undefined;
  /** When the arrangement started in the figures; undefined when it is not counted as one. */
  startedOn: IsoDate | undefined;
  /** Why it is not counted as an arrangement, if it is not. */
  notCounted: string | undefined;
  duplicateOf: string | undefined;
  ageLimitOn: IsoDate | undefined;
  /** Undefined when the bank holiday data does not reach the due date. */
  initialVisit: InitialVisitJudgement | undefined;
  visits: number;
  visitsSeenAlone: number;
  visitsAloneNotAppropriate: number;
  visitsBeforeNotification: number;
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
 * The cases CSV: every case received by the period's end and not ended (or past the age limit)
 * before its start, oldest first, each with its facts and its initial visit judged as the
 * dashboard judges it (at the same cut-off: the period end, or today if sooner).
 */
export function caseReportRows(
  cases: readonly ReportCase[],
  period: Period,
  calendar: WorkingDayCalendar,
  options: Pick<ComplianceOptions, 'today'> = {},
): CaseReportRow[] {
  const cutoff = cutoffOf(period, options.today);
  return cases
    .map((c) => ({ c, span: arrangementSpan(c) }))
    .filter(
      ({ span }) =>
        onOrBefore(span.receivedOn, period.to) &&
        (span.endsOn === undefined || !before(span.endsOn, period.from)),
    )
    .sort((a, b) => a.c.receivedAt.localeCompare(b.c.receivedAt))
    .map(({ c, span }) => {
      const s = c.summary ?? { visits: [], checks: [] };
      const { receivedOn } = span;
      let initialVisit: InitialVisitJudgement | undefined;
      try {
        initialVisit = judgeInitialVisit(c, cutoff, calendar, span);
      } catch (error) {
        if (!(error instanceof CalendarOutOfRangeError)) throw error;
      }
      const { counted, beforeNotification } = visitsThatCount(s, receivedOn, cutoff);
      return {
        reference: c.reference,
        receivedOn,
        notifierRole: c.notifierRole,
        status: c.status,
        allocatedTo: c.allocatedTo,
        arrangement: s.arrangement ?? 'running',
        movedInOn: s.movedInOn,
        startedOn: span.startedOn,
        notCounted: span.notCounted,
        duplicateOf: s.duplicateOf,
        ageLimitOn: s.ageLimitOn,
        initialVisit,
        visits: counted.length,
        visitsSeenAlone: counted.filter((v) => seenAloneOutcome(v) === 'seen-alone').length,
        visitsAloneNotAppropriate: counted.filter((v) => seenAloneOutcome(v) === 'not-appropriate').length,
        visitsBeforeNotification: beforeNotification.length,
        lastVisit: counted.at(-1)?.date,
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

/** "35 checks in 4 cases", "1 case": the count with its unit, and the cases when they differ. */
export function describeCount(row: Pick<FigureRow, 'count' | 'unit' | 'references'>): string {
  const of = (n: number, unit: string) => `${n} ${n === 1 ? unit : `${unit}s`}`;
  const counted = of(row.count, row.unit);
  return row.unit === 'case' ? counted : `${counted} in ${of(row.references.length, 'case')}`;
}

const pct = (s: Share) => (s.percent === null ? '' : `${s.percent}%`);

/** The figures as rows, in report order, each with its definition (figures/definitions.ts). */
export function figureRows(
  f: ComplianceFigures,
  labels: { source: Record<NotifierRole, string>; endReason: Record<EndReason, string> },
): FigureRow[] {
  const rows: FigureRow[] = [];
  const add = (
    id: string,
    c: Count,
    percent = '',
    values: { role?: string; reason?: string; id?: string } = {},
  ) => {
    const d = figureDefinition(id);
    rows.push({
      id: values.id ?? d.id,
      section: d.section,
      label: d.label
        .replace('{role}', values.role ?? '')
        .replace('{reason}', values.reason ?? '')
        .replace('{start}', formatLongDate(addDays(f.period.from, -1)))
        .replace('{cutoff}', formatLongDate(f.cutoff)),
      count: c.count,
      percent,
      unit: d.unit,
      references: c.references,
      definition: values.role !== undefined ? `${d.definition} Notifier: ${values.role}.` : d.definition,
    });
  };

  add('notifications', f.notifications.total);
  for (const role of NOTIFIER_ROLES) {
    add('notifications.{role}', f.notifications.bySource[role], '', {
      role: labels.source[role],
      id: `notifications.${role}`,
    });
  }
  add('notifications.duplicates', f.notifications.duplicates);

  const a = f.arrangements;
  add('arrangements.open-at-start', a.openAtPeriodStart);
  add('arrangements.started', a.started);
  add('arrangements.ended', a.ended);
  for (const reason of END_REASONS) {
    add('arrangements.ended.{reason}', a.endedByReason[reason], '', {
      reason: labels.endReason[reason],
      id: `arrangements.ended.${reason}`,
    });
  }
  add('arrangements.ended.age-limit-unrecorded', a.endedAtAgeLimitUnrecorded);
  add('arrangements.open', a.openAtPeriodEnd);
  add('arrangements.past-age-limit-unrecorded', a.pastAgeLimitUnrecorded);

  add('initial-visits.met', f.initialVisits.met, pct(f.initialVisits));
  add('initial-visits.late', f.initialVisits.late);
  add('initial-visits.not-made', f.initialVisits.notMade);
  add('visits.never-visited', f.neverVisited);
  add('visits.before-notification', f.visitsBeforeNotification);

  add('regulation-8.first-year.met', f.regulation8Visits.firstYear.met, pct(f.regulation8Visits.firstYear));
  add('regulation-8.first-year.not-met', f.regulation8Visits.firstYear.notMet);
  add(
    'regulation-8.later-years.met',
    f.regulation8Visits.laterYears.met,
    pct(f.regulation8Visits.laterYears),
  );
  add('regulation-8.later-years.not-met', f.regulation8Visits.laterYears.notMet);

  add('requested-visits.met', f.requestedVisits.met, pct(f.requestedVisits));
  add('requested-visits.late', f.requestedVisits.late);
  add('requested-visits.not-made', f.requestedVisits.notMade);

  add('safety-plans.met', f.interimSafetyPlans.met, pct(f.interimSafetyPlans));
  add('safety-plans.late', f.interimSafetyPlans.late);
  add('safety-plans.not-made', f.interimSafetyPlans.notMade);

  add('seen-alone.met', f.childrenSeenAlone.met, pct(f.childrenSeenAlone));
  add('seen-alone.not-met', f.childrenSeenAlone.notMet);
  add('seen-alone.not-appropriate', f.childrenSeenAlone.notAppropriate);
  const byChild = f.childrenSeenAloneByChild;
  add('seen-alone.children.met', byChild.met, pct(byChild));
  add('seen-alone.children.not-met', byChild.notSeenAlone);
  add('seen-alone.children.not-visited', byChild.notVisited);
  add('seen-alone.children.not-appropriate', byChild.notAppropriate);

  add('checks.completed', f.checks.completed);
  add('checks.outstanding', f.checks.outstanding);
  add('checks.overdue', f.checks.overdue);

  // The number column holds the count, as in every other row; the median sits beside it.
  add(
    'decisions',
    f.decisions.count,
    f.decisions.medianDaysToDecision === null ? '' : `median ${f.decisions.medianDaysToDecision} days`,
  );
  return rows;
}
