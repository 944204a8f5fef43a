import type { RoutingRule } from '../config.ts';
import { organisationForSummary } from './awareness.ts';
import { childAgeLimit, childAgeOf, scheduleInputFor } from './case-change.ts';
import type { ArrangementStage } from './case-vocabulary.ts';
import { compareIsoDates, isIsoDate, londonDateOf } from './local-date.ts';
import { instantAtLondonTime } from './london-clock.ts';
import { informationGaps, type Notification, type NotifierRole } from './notification.ts';
import { remindersFor } from './reminder-plan.ts';
import { REMINDER_HOUR, type Reminder } from './reminders.ts';
import { chooseMailbox, isInArea } from './routing.ts';
import {
  computeSchedule,
  defaultSchedulePolicy,
  initialVisitDue,
  type Obligation,
  type ReminderPolicy,
  type SchedulePolicy,
} from './statutory-clock.ts';
import type { CaseSummary } from './stored-case.ts';
import type { WorkingDayCalendar } from './working-days.ts';

export interface CaseRecord {
  reference: string;
  receivedAt: string;
  status: 'open' | 'ended';
  /** The front-door mailbox chosen by the routing rules; hears of the case until it is allocated. */
  mailbox: string;
  allocatedTo?: string;
  notifierRole: NotifierRole;
  urgent: boolean;
  gaps: string[];
  /**
   * What the lists and reports read without opening the notification (stored-case.ts): the stage
   * the arrangement was notified at, the child's age limit, and the opening facts.
   */
  summary: CaseSummary;
  /** The carer's postcode matches none of the council's routing rules (issue 12): flagged. */
  outOfArea?: boolean;
}

export interface CaseOpeningPlan {
  caseRecord: CaseRecord;
  obligations: Obligation[];
  reminders: Reminder[];
}

export interface CaseOpeningPolicy {
  routingRules: readonly RoutingRule[];
  designatedManager: string;
  calendar: WorkingDayCalendar;
  reminderPolicy: ReminderPolicy;
  /** The council's schedule policy. @default defaultSchedulePolicy */
  schedulePolicy?: SchedulePolicy;
}

/**
 * Whether the notification is of a proposed arrangement (regulation 3) or one already running
 * (regulation 5): proposed when the notifier says the child does not live with the carer yet, or
 * (not saying they do) gives a start date after the day the council received it (London date).
 * Otherwise, including "not sure" with no later start date, running: that owes the regulation 8
 * visits from the start, the safer reading until staff correct it. The notifier's plain "yes, the
 * child lives there" wins over a later start date (the form asks about that pair; a notice from
 * elsewhere may still carry it), for the same reason.
 */
export function arrangementStageAtOpening(notification: Notification): ArrangementStage {
  const { childLivesThereNow, startDate } = notification.arrangement;
  if (childLivesThereNow === 'no') return 'proposed';
  if (childLivesThereNow === 'yes') return 'running';
  const receivedOn = londonDateOf(new Date(notification.receivedAt));
  if (startDate !== undefined && isIsoDate(startDate) && compareIsoDates(startDate, receivedOn) > 0) {
    return 'proposed';
  }
  return 'running';
}

/**
 * What opening a case writes of the schedule: the first visit (regulation 4 for a proposal,
 * regulation 7 for a running arrangement), first in the list (the route's alert and
 * acknowledgement name it). Checks, the regulation 8 visits and the end by age start with the
 * first staff change (allocation or a record), as they always have.
 *
 * A child already past the age limit when notified is not privately fostered (s.66): the clock
 * owes no visit. The case then opens with the initial visit cancelled, saying why, and the front
 * door's decision open (Working Together 2023), so the case is flagged to the front door and
 * reminded, and nothing downstream meets a case without its first obligation.
 */
function obligationsAtOpening(
  schedule: readonly Obligation[],
  notification: Notification,
  stage: ArrangementStage,
  calendar: WorkingDayCalendar,
): Obligation[] {
  const initial = schedule.find((o) => o.kind === 'initial-visit');
  const frontDoor = schedule.find((o) => o.kind === 'front-door-decision');
  // Working Together to Safeguard Children (2023): the front door decides the next step within one
  // working day. After the initial visit, which the route function's emails read first.
  if (initial) return [initial, ...(frontDoor ? [frontDoor] : [])];
  const first = initialVisitDue(new Date(notification.receivedAt), calendar, {
    proposal: stage === 'proposed',
  });
  const why =
    schedule.find((o) => o.kind === 'arrangement-end')?.basis ?? 'Not owed (Children Act 1989 s.66).';
  return [
    { kind: 'initial-visit', due: first.due, status: 'cancelled', basis: `${first.basis} ${why}` },
    ...(frontDoor ? [frontDoor] : []),
  ];
}

/**
 * Everything that opening a case writes, decided without I/O: the routing, the initial visit
 * (regulations 4 and 7: 7 working days from the London date of receipt) and its reminders.
 */
export function planCaseOpening(notification: Notification, policy: CaseOpeningPolicy): CaseOpeningPlan {
  const stage = arrangementStageAtOpening(notification);
  const ageLimitOn = childAgeLimit(childAgeOf(notification, undefined))?.on;
  const summary: CaseSummary = {
    visits: [],
    checks: [],
    arrangement: stage,
    ...(ageLimitOn ? { ageLimitOn } : {}),
  };
  // The clock decides the first visit: regulation 4 or 7, and none owed to a child already past
  // the age limit (s.66).
  const schedule = computeSchedule(
    scheduleInputFor(
      { caseRecord: { receivedAt: notification.receivedAt, summary }, notification },
      { visits: [], visitRequests: [], checks: [], safetyPlan: undefined, end: undefined },
      { calendar: policy.calendar, schedulePolicy: policy.schedulePolicy ?? defaultSchedulePolicy },
    ),
  );
  const obligations = obligationsAtOpening(schedule, notification, stage, policy.calendar);
  // Routed by where the child lives: the carer's postcode.
  const mailbox = chooseMailbox(
    notification.carer.address?.postcode,
    policy.routingRules,
    policy.designatedManager,
  );
  const caseRecord: CaseRecord = {
    reference: notification.reference,
    receivedAt: notification.receivedAt,
    status: 'open',
    mailbox,
    notifierRole: notification.notifier.role,
    urgent: notification.arrangement.immediateSafetyConcern === true,
    gaps: informationGaps(notification),
    summary: { ...summary, ...openingSummary(notification) },
    ...(isInArea(notification.carer.address?.postcode, policy.routingRules) ? {} : { outOfArea: true }),
  };
  const planned = remindersFor(notification.reference, obligations, {
    caseRecipient: mailbox,
    designatedManager: policy.designatedManager,
    calendar: policy.calendar,
    reminderPolicy: policy.reminderPolicy,
    at: (date) => instantAtLondonTime(date, REMINDER_HOUR),
  });
  // A reminder whose time passed before the notification arrived (the front door's "due soon", two
  // working days before a decision due the next working day) is not sent: the alert is that news.
  const reminders = planned.filter((r) => r.dueAt > notification.receivedAt);
  return { caseRecord, obligations, reminders };
}

/**
 * The summary facts known when the case opens and never changed by staff (awareness.ts): the
 * campaign, who notified from where, the start date given. Staff changes rebuild the rest of the
 * summary from the records and keep these (case-change.ts).
 */
export function openingSummary(notification: Notification): Partial<CaseSummary> {
  const organisation = organisationForSummary(notification.notifier.role, notification.notifier.organisation);
  const startsOn = notification.arrangement.startDate;
  return {
    ...(notification.campaign ? { campaign: notification.campaign } : {}),
    ...(organisation ? { notifierOrganisation: organisation } : {}),
    ...(startsOn && isIsoDate(startsOn) ? { arrangementStartsOn: startsOn } : {}),
  };
}

/** The opening facts of a stored summary, for a change that rebuilds the rest. */
export function keptOpeningFacts(summary: CaseSummary | undefined): Partial<CaseSummary> {
  if (!summary) return {};
  const { campaign, notifierOrganisation, arrangementStartsOn } = summary;
  return {
    ...(campaign ? { campaign } : {}),
    ...(notifierOrganisation ? { notifierOrganisation } : {}),
    ...(arrangementStartsOn ? { arrangementStartsOn } : {}),
  };
}
