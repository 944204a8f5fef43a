/**
 * Which visits count, and how each statutory visit deadline stood at the cut-off: the rules behind
 * the visit figures (the definitions are in definitions.ts). Pure.
 */
import { compareIsoDates, daysBetween, type IsoDate } from '../local-date.ts';
import { instantAtLondonTime } from '../london-clock.ts';
import { initialVisitDue, moveInVisitDue, nextRegulation8VisitDue } from '../statutory-clock.ts';
import type { CaseSummary } from '../stored-case.ts';
import type { WorkingDayCalendar } from '../working-days.ts';
import { type ArrangementSpan, arrangementSpan } from './arrangement-span.ts';

export type SummaryVisit = CaseSummary['visits'][number];

const onOrBefore = (a: IsoDate, b: IsoDate) => compareIsoDates(a, b) <= 0;
const before = (a: IsoDate, b: IsoDate) => compareIsoDates(a, b) < 0;

/**
 * The visits that count, made by the cut-off, in date order, and those that do not because they
 * are dated before the notification's London date: as in the statutory clock, such a visit never
 * meets the initial visit and never starts a regulation 8 interval (it cannot be a visit "on
 * receiving" a notice not yet received). An evening notification in summer time is already the
 * next day in London, so a visit on its UTC date is one of these.
 */
export function visitsThatCount(
  summary: CaseSummary | undefined,
  receivedOn: IsoDate,
  cutoff: IsoDate,
): { counted: SummaryVisit[]; beforeNotification: SummaryVisit[] } {
  const made = [...(summary?.visits ?? [])]
    .filter((v) => onOrBefore(v.date, cutoff))
    .sort((a, b) => a.date.localeCompare(b.date));
  return {
    counted: made.filter((v) => !before(v.date, receivedOn)),
    beforeNotification: made.filter((v) => before(v.date, receivedOn)),
  };
}

/**
 * How a case's initial visit stands at the cut-off (regulations 4 and 7):
 * - `on-time` / `late`: the visit recorded as initial (else the first visit) on or after the
 *   notification's London date and by the cut-off, on or before the due date, or after it;
 * - `not-made`: no such visit by the cut-off, with the due date passed;
 * - `not-yet-due`: no visit, and the due date not passed by the cut-off;
 * - `ended-before-due`: no visit, and the arrangement ended (or the child reached the age limit)
 *   before the visit fell due;
 * - `not-private-fostering`: the assessment or the front door decided it was not private fostering;
 * - `duplicate`: a duplicate notification of another case's arrangement (that case is judged);
 * - `not-owed`: the child was past the age limit, or the arrangement over, when notified.
 * Only the first three are counted in the figures.
 */
export type InitialVisitOutcome =
  | 'on-time'
  | 'late'
  | 'not-made'
  | 'not-yet-due'
  | 'ended-before-due'
  | 'not-private-fostering'
  | 'duplicate'
  | 'not-owed';

export interface InitialVisitJudgement {
  due: IsoDate;
  /** The visit that counts as the initial one, if made by the cut-off. */
  made: IsoDate | undefined;
  outcome: InitialVisitOutcome;
  /** For `not-made`: whole weeks from the due date to the cut-off with no visit. */
  weeksWithoutVisit?: number;
}

/**
 * Judges one case's initial visit as of `cutoff`: the one rule behind both the dashboard's
 * "within 7 working days" figure and the cases CSV's column, so the two cannot disagree.
 *
 * @throws CalendarOutOfRangeError when the due date runs past the bank holiday data.
 */
export function judgeInitialVisit(
  c: { receivedAt: string; summary?: CaseSummary | undefined },
  cutoff: IsoDate,
  calendar: WorkingDayCalendar,
  span: ArrangementSpan = arrangementSpan(c),
): InitialVisitJudgement {
  const { due } = initialVisitDue(new Date(c.receivedAt), calendar);
  const { counted } = visitsThatCount(c.summary, span.receivedOn, cutoff);
  // As computeSchedule: the visit recorded as initial, else the first.
  const made = counted.find((v) => v.kind === 'initial')?.date ?? counted[0]?.date;
  const judged = (outcome: InitialVisitOutcome): InitialVisitJudgement => ({ due, made, outcome });
  if (span.notCounted === 'duplicate') return judged('duplicate');
  if (span.notCounted === 'not-private-fostering') return judged('not-private-fostering');
  if (span.endsOn !== undefined && onOrBefore(span.endsOn, span.receivedOn)) return judged('not-owed');
  if (made !== undefined) return judged(onOrBefore(made, due) ? 'on-time' : 'late');
  if (span.endsOn !== undefined && before(span.endsOn, due)) return judged('ended-before-due');
  if (before(due, cutoff)) {
    return { ...judged('not-made'), weeksWithoutVisit: Math.floor(daysBetween(due, cutoff) / 7) };
  }
  return judged('not-yet-due');
}

/** One regulation 8 deadline and whether a visit met it. */
export interface Regulation8Deadline {
  due: IsoDate;
  /** Year of the arrangement the interval ran from (reg 8(6): counted from the notification). */
  arrangementYear: number;
  outcome: 'met' | 'missed';
}

/**
 * Every regulation 8 deadline of a case judged by the cut-off, oldest first. The legal maximum
 * (6 weeks in the first year, 12 after: reg 8(1), 8(6)) is the test, not a stricter local standard.
 *
 * - From each visit, the deadline is met if the next visit came on or before it.
 * - A deadline passed with no visit is missed, and the next deadline runs from the missed one, as
 *   if the visit had been made then: each further 6 (or 12) weeks without a visit is another
 *   missed deadline, so a long gap weighs as much as the visits it replaced.
 * - A child with no visit at all, or first visited after the initial visit was due, is not left
 *   out: the deadlines run from the initial visit's due date (for a proposal, the move-in visit's:
 *   regulation 7, 7 working days after the London date the council was told of the move-in) and
 *   each one passed before the first visit is missed. The visit that ends such a run is not an
 *   interval met (the initial visit figure counts it).
 * - A proposal has no regulation 8 deadlines until the move-in; visits before the move-in (the
 *   regulation 4 visit) start none.
 * - No deadline on or after the arrangement ended, or the child reached the age limit, is owed.
 *
 * Any visit restarts the interval, a visit on request included, as in the statutory clock.
 */
export function regulation8Deadlines(
  c: { receivedAt: string; summary?: CaseSummary | undefined },
  span: ArrangementSpan,
  cutoff: IsoDate,
  calendar: WorkingDayCalendar,
): Regulation8Deadline[] {
  if (span.startedOn === undefined) return [];
  const notifiedAt = new Date(c.receivedAt);
  const movedInOn = c.summary?.arrangement === 'proposed' ? c.summary.movedInOn : undefined;
  // Regulation 7: the visit after the move-in, by the clock's rule (midday: that London date).
  const firstDue =
    movedInOn !== undefined
      ? moveInVisitDue(instantAtLondonTime(movedInOn, 12), calendar).due
      : initialVisitDue(notifiedAt, calendar).due;
  const livesThereFrom = movedInOn ?? span.receivedOn;
  const dates = [
    ...new Set(
      visitsThatCount(c.summary, span.receivedOn, cutoff)
        .counted.map((v) => v.date)
        .filter((d) => !before(d, livesThereFrom)),
    ),
  ];

  const out: Regulation8Deadline[] = [];
  let next = 0;
  let anchor: { date: IsoDate; visit: boolean };
  const first = dates[0];
  if (first !== undefined && onOrBefore(first, firstDue)) {
    anchor = { date: first, visit: true };
    next = 1;
  } else {
    anchor = { date: firstDue, visit: false };
  }
  for (;;) {
    const deadline = nextRegulation8VisitDue({ notifiedAt, lastVisit: anchor.date });
    if (span.endsOn !== undefined && !before(deadline.due, span.endsOn)) break;
    const following = dates[next];
    if (following !== undefined && onOrBefore(following, deadline.due)) {
      if (anchor.visit)
        out.push({ due: deadline.due, arrangementYear: deadline.arrangementYear, outcome: 'met' });
      anchor = { date: following, visit: true };
      next += 1;
      continue;
    }
    if (!before(deadline.due, cutoff)) break;
    out.push({ due: deadline.due, arrangementYear: deadline.arrangementYear, outcome: 'missed' });
    anchor = { date: deadline.due, visit: false };
  }
  return out;
}

/**
 * A visit and the child seen alone (regulation 8(3): at every visit, unless the officer judges it
 * not appropriate). "Not appropriate" is recorded with its reason (the visit form requires one),
 * and is counted apart from "not seen alone", which is a visit that fell short.
 */
export type SeenAloneOutcome = 'seen-alone' | 'not-appropriate' | 'not-seen-alone';

export function seenAloneOutcome(v: SummaryVisit): SeenAloneOutcome {
  if (v.seenAlone) return 'seen-alone';
  return v.aloneNotAppropriate === true ? 'not-appropriate' : 'not-seen-alone';
}
