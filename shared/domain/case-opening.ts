import type { RoutingRule } from '../config.ts';
import { organisationForSummary } from './awareness.ts';
import { isIsoDate } from './local-date.ts';
import { instantAtLondonTime } from './london-clock.ts';
import { informationGaps, type Notification, type NotifierRole } from './notification.ts';
import { remindersFor } from './reminder-plan.ts';
import { REMINDER_HOUR, type Reminder } from './reminders.ts';
import { chooseMailbox } from './routing.ts';
import { initialVisitDue, type Obligation, type ReminderPolicy } from './statutory-clock.ts';
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
  /** What the lists and reports read without opening the notification (stored-case.ts). */
  summary: CaseSummary;
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
}

/**
 * Everything that opening a case writes, decided without I/O: the routing, the initial visit
 * (regulations 4 and 7: 7 working days from the London date of receipt) and its reminders.
 */
export function planCaseOpening(notification: Notification, policy: CaseOpeningPolicy): CaseOpeningPlan {
  const initial = initialVisitDue(new Date(notification.receivedAt), policy.calendar);
  const obligation: Obligation = {
    kind: 'initial-visit',
    due: initial.due,
    status: 'open',
    basis: initial.basis,
  };
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
    summary: { visits: [], checks: [], ...openingSummary(notification) },
  };
  const reminders = remindersFor(notification.reference, [obligation], {
    caseRecipient: mailbox,
    designatedManager: policy.designatedManager,
    calendar: policy.calendar,
    reminderPolicy: policy.reminderPolicy,
    at: (date) => instantAtLondonTime(date, REMINDER_HOUR),
  });
  return { caseRecord, obligations: [obligation], reminders };
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
