import type { RoutingRule } from '../config.ts';
import { instantAtLondonTime } from './london-clock.ts';
import { informationGaps, type Notification, type NotifierRole } from './notification.ts';
import { remindersFor } from './reminder-plan.ts';
import { REMINDER_HOUR, type Reminder } from './reminders.ts';
import { chooseMailbox, isInArea } from './routing.ts';
import { initialVisitDue, type Obligation, type ReminderPolicy } from './statutory-clock.ts';
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
    ...(isInArea(notification.carer.address?.postcode, policy.routingRules) ? {} : { outOfArea: true }),
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
