/**
 * The inspection pack a designated manager hands Ofsted for a period: per child, a timeline from
 * the event log; for the caseload, the exceptions inspectors look for first (domain.md "What
 * inspectors keep finding": late initial visits, visits not at the required frequency, missing
 * checks, records that cannot be trusted). Pure: the cases, the emails sent, the calendar and today
 * are passed in. The definitions reuse compliance.ts (the initial visit judgement) and the
 * statutory clock (the regulation 8 interval), so the pack and the dashboard cannot disagree.
 */
import { describeEvent } from './case-vocabulary.ts';
import { judgeInitialVisit, type Period } from './compliance.ts';
import { compareIsoDates, formatLongDate, type IsoDate, londonDateOf } from './local-date.ts';
import { NOTIFIER_ROLE_LABELS } from './notification.ts';
import { obligationLabel } from './obligation-labels.ts';
import { nextRegulation8VisitDue } from './statutory-clock.ts';
import type { CaseSnapshot } from './stored-case.ts';
import { CalendarOutOfRangeError, type WorkingDayCalendar } from './working-days.ts';

export interface TimelineEntry {
  /** ISO instant (events, emails) or London date at 08:00 (reminders) it happened. */
  at: string;
  /** Its London date. */
  on: IsoDate;
  kind: 'notification' | 'email' | 'event' | 'reminder' | 'escalation';
  text: string;
}

/** Events that are about the record, not about the child: left out of the practice timeline. */
const AUDIT_ONLY = new Set(['record-exported']);

const EMAIL_TEXT: Record<string, string> = {
  'notifier-acknowledgement': 'Acknowledgement sent to the notifier',
  'manager-alert': 'Designated manager alerted to the notification',
};

/**
 * One child's timeline, oldest first, up to the end of the period: the notification, the emails
 * the pipeline sent (the notifier's acknowledgement, the manager's alert), every event staff
 * recorded (front-door decision, visits seen alone or not, checks, the decision, the end) and every
 * reminder and escalation sent.
 */
export function caseTimeline(
  snapshot: Pick<CaseSnapshot, 'caseRecord' | 'events' | 'reminders'>,
  emails: readonly { purpose: string; sentAt: string }[],
  until: IsoDate,
): TimelineEntry[] {
  const c = snapshot.caseRecord;
  const entries: TimelineEntry[] = [
    {
      at: c.receivedAt,
      on: londonDateOf(new Date(c.receivedAt)),
      kind: 'notification',
      text: `Notification received from: ${NOTIFIER_ROLE_LABELS[c.notifierRole]}`,
    },
  ];
  for (const e of emails) {
    const text = EMAIL_TEXT[e.purpose];
    if (text) entries.push({ at: e.sentAt, on: londonDateOf(new Date(e.sentAt)), kind: 'email', text });
  }
  for (const e of snapshot.events) {
    if (e.event === 'case-opened' || AUDIT_ONLY.has(e.event)) continue;
    const imported = e.details?.source === 'import' ? ' (imported from the case system)' : '';
    entries.push({
      at: e.at,
      on: londonDateOf(new Date(e.at)),
      kind: 'event',
      text: `${describeEvent(e)}${imported}`,
    });
  }
  for (const r of snapshot.reminders) {
    if (r.state !== 'sent') continue;
    const escalation = r.audience === 'manager' || r.stage === 'escalation';
    const what = r.obligation.startsWith('email-') ? 'email delivery' : obligationLabel(r.obligation);
    entries.push({
      at: r.dueAt,
      on: londonDateOf(new Date(r.dueAt)),
      kind: escalation ? 'escalation' : 'reminder',
      text: escalation
        ? `Escalated to the designated manager: ${what} (due ${formatLongDate(r.due)})`
        : `Reminder sent (${r.stage.replace(/-/g, ' ')}): ${what} (due ${formatLongDate(r.due)})`,
    });
  }
  return entries
    .filter((e) => compareIsoDates(e.on, until) <= 0)
    .sort((a, b) => a.at.localeCompare(b.at) || a.text.localeCompare(b.text));
}

export type ExceptionKind =
  | 'initial-visit-late'
  | 'initial-visit-missing'
  | 'regulation-8-visit-late'
  | 'checks-outstanding-at-approval'
  | 'start-date-missing'
  | 'parents-details-missing'
  | 'end-not-recorded';

export const EXCEPTION_LABELS: Record<ExceptionKind, string> = {
  'initial-visit-late': 'Initial visit late (regulations 4 and 7: within 7 working days)',
  'initial-visit-missing': 'Initial visit not made (regulations 4 and 7: within 7 working days)',
  'regulation-8-visit-late': 'Regulation 8 visit late or not made (6 weeks in the first year, 12 later)',
  'checks-outstanding-at-approval': 'Checks outstanding when the arrangement was approved',
  'start-date-missing': 'Notification without the start date of the arrangement',
  'parents-details-missing': "Notification without the parents' details",
  'end-not-recorded': 'Private fostering ended by age (16, or 18 if disabled) but no end recorded',
};

export interface CaseException {
  reference: string;
  kind: ExceptionKind;
  detail: string;
}

/** Cases the pack covers: received by the period's end, not ended before its start. */
export function inPack(c: Pick<CaseSnapshot, 'caseRecord'>['caseRecord'], period: Period): boolean {
  const received = londonDateOf(new Date(c.receivedAt));
  const ended = c.summary?.endedOn;
  return (
    compareIsoDates(received, period.to) <= 0 &&
    (ended === undefined || compareIsoDates(ended, period.from) >= 0)
  );
}

const within = (d: IsoDate, p: Period) => compareIsoDates(d, p.from) >= 0 && compareIsoDates(d, p.to) <= 0;

/**
 * One case's exceptions for the period, as of `cutoff` (the period end, or today if sooner: nothing
 * is late before it could be).
 */
export function caseExceptions(
  snapshot: Pick<CaseSnapshot, 'caseRecord' | 'obligations' | 'visits' | 'decision' | 'end'>,
  period: Period,
  cutoff: IsoDate,
  calendar: WorkingDayCalendar,
): CaseException[] {
  const c = snapshot.caseRecord;
  const reference = c.reference;
  const out: CaseException[] = [];
  const add = (kind: ExceptionKind, detail: string) => out.push({ reference, kind, detail });
  const receivedOn = londonDateOf(new Date(c.receivedAt));
  const notPf = snapshot.decision?.outcome === 'not-private-fostering';

  // Initial visit: the dashboard's own judgement (compliance.ts), for visits due in the period.
  let initial: ReturnType<typeof judgeInitialVisit> | undefined;
  try {
    initial = judgeInitialVisit(c, cutoff, calendar);
  } catch (error) {
    // A due date beyond the bank holiday data is not judged (as the cases CSV).
    if (!(error instanceof CalendarOutOfRangeError)) throw error;
  }
  if (initial && within(initial.due, period)) {
    if (initial.outcome === 'late') {
      add(
        'initial-visit-late',
        `Due ${formatLongDate(initial.due)}, made ${formatLongDate(initial.made as IsoDate)}`,
      );
    } else if (initial.outcome === 'not-made') {
      add(
        'initial-visit-missing',
        `Due ${formatLongDate(initial.due)}, not made by ${formatLongDate(cutoff)}`,
      );
    }
  }

  // Regulation 8: each interval whose legal deadline falls in the period, met by the next visit.
  if (!notPf) {
    const visits = [...snapshot.visits].map((v) => v.date).sort();
    const endedOn = snapshot.end?.endedOn;
    for (const [i, date] of visits.entries()) {
      const { due } = nextRegulation8VisitDue({ notifiedAt: new Date(c.receivedAt), lastVisit: date });
      if (!within(due, period) || compareIsoDates(due, cutoff) >= 0) continue;
      if (endedOn !== undefined && compareIsoDates(endedOn, due) <= 0) continue;
      const next = visits[i + 1];
      if (next === undefined) {
        add(
          'regulation-8-visit-late',
          `Due ${formatLongDate(due)} after the visit on ${formatLongDate(date)}; none made by ${formatLongDate(cutoff)}`,
        );
      } else if (compareIsoDates(next, due) > 0) {
        add('regulation-8-visit-late', `Due ${formatLongDate(due)}; made ${formatLongDate(next)}`);
      }
    }
  }

  // Checks outstanding at approval: a check obligation not met by the approval date.
  const approved = snapshot.decision;
  if (
    approved &&
    (approved.outcome === 'suitable' || approved.outcome === 'suitable-with-requirements') &&
    within(approved.decidedOn, period)
  ) {
    const outstanding = snapshot.obligations
      .filter((o) => o.kind.startsWith('check:'))
      .filter((o) => o.status !== 'cancelled')
      .filter((o) => o.metOn === undefined || compareIsoDates(o.metOn, approved.decidedOn) > 0)
      .map((o) => obligationLabel(o.kind));
    if (outstanding.length > 0) {
      add(
        'checks-outstanding-at-approval',
        `Approved ${formatLongDate(approved.decidedOn)} with outstanding: ${outstanding.join(', ')}`,
      );
    }
  }

  // Gaps in the notification (Ofsted, Cumberland 2024), for notifications received in the period.
  if (within(receivedOn, period)) {
    if (c.gaps.includes('Start date of the arrangement'))
      add('start-date-missing', `Received ${formatLongDate(receivedOn)}`);
    if (c.gaps.includes("Parents' details"))
      add('parents-details-missing', `Received ${formatLongDate(receivedOn)}`);
  }

  // The end by age (s.66) passed with the case still open.
  const ageEnd = snapshot.obligations.find((o) => o.kind === 'arrangement-end');
  if (
    ageEnd &&
    !snapshot.end &&
    compareIsoDates(ageEnd.due, cutoff) < 0 &&
    compareIsoDates(ageEnd.due, period.to) <= 0
  ) {
    add(
      'end-not-recorded',
      `Private fostering ended by age on ${formatLongDate(ageEnd.due)}; the case is still open`,
    );
  }
  return out;
}
