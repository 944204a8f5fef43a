import type { IsoDate } from './local-date.ts';
import type { Reminder } from './reminders.ts';
import { type Obligation, planReminderStages, type ReminderPolicy } from './statutory-clock.ts';
import type { WorkingDayCalendar } from './working-days.ts';

export interface ReminderPlanContext {
  /** The allocated caseworker, or the front-door mailbox while the case is unallocated. */
  caseRecipient: string;
  designatedManager: string;
  calendar: WorkingDayCalendar;
  reminderPolicy: ReminderPolicy;
  /** The instant a reminder for a given day goes out (08:00 London). */
  at: (date: IsoDate) => Date;
}

/**
 * The reminders for open obligations: due soon and due today to the case's recipient; when
 * overdue, to the case's recipient and an escalation to the designated manager, who monitors
 * compliance (National Minimum Standard 7 and the Ofsted findings of managers unaware of slipping
 * practice). A DBS check recorded as delayed gets none: the interim safety plan it calls for is
 * what is reminded and escalated instead.
 */
export function remindersFor(
  reference: string,
  obligations: Obligation[],
  ctx: ReminderPlanContext,
): Reminder[] {
  const reminders: Reminder[] = [];
  for (const obligation of obligations) {
    if (obligation.status !== 'open') continue;
    // A check recorded as delayed is not chased: the interim safety plan has its own reminders.
    if (obligation.delayed) continue;
    for (const { stage, sendOn } of planReminderStages(obligation, ctx.reminderPolicy, ctx.calendar)) {
      const base = {
        reference,
        obligation: obligation.kind,
        due: obligation.due,
        basis: obligation.basis,
        state: 'pending' as const,
        dueAt: ctx.at(sendOn).toISOString(),
        attempts: 0,
      };
      reminders.push({
        ...base,
        reminderId: `${obligation.kind}#${stage}`,
        stage,
        recipient: ctx.caseRecipient,
        audience: 'case',
      });
      if (stage === 'overdue') {
        reminders.push({
          ...base,
          reminderId: `${obligation.kind}#escalation`,
          stage: 'escalation',
          recipient: ctx.designatedManager,
          audience: 'manager',
        });
      }
    }
  }
  return reminders;
}
