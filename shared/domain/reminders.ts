import * as z from 'zod/mini';
import { schemaOnFirstUse } from '../schema-on-first-use.ts';

/**
 * A reminder is one email to one recipient about one obligation at one stage. Overdue reminders
 * go to the case's recipient and, separately, to the designated manager (escalation), so each
 * item has exactly one recipient and a failure to reach one does not hold up the other.
 */
export const ReminderStageSchema = z.enum([
  'due-soon',
  'due-today',
  'overdue',
  'escalation',
  'delivery-failure',
]);
export type ReminderStage = z.infer<typeof ReminderStageSchema>;

/** How far along an obligation a stage is; a later stage supersedes an earlier one. */
export const REMINDER_STAGE_RANK: Record<ReminderStage, number> = {
  'due-soon': 0,
  'due-today': 1,
  overdue: 2,
  escalation: 2,
  'delivery-failure': 3,
};

export const ReminderSchema = schemaOnFirstUse(() =>
  z.object({
    reference: z.string(),
    reminderId: z.string(),
    obligation: z.string(),
    stage: ReminderStageSchema,
    /** The obligation's due date and why, copied so the sweep reads nothing else. */
    due: z.string(),
    basis: z.string(),
    recipient: z.string(),
    /** 'case' follows allocation (caseworker, else the team mailbox); 'manager' is the designated manager. */
    audience: z.enum(['case', 'manager']),
    state: z.enum(['pending', 'sending', 'sent', 'cancelled']),
    dueAt: z.string(),
    attempts: z.number(),
    sentCount: z.optional(z.number()),
    gsi1sk: z.optional(z.string()),
  }),
);
export type Reminder = z.infer<typeof ReminderSchema>;

/** When a failed send is tried again, and when it is escalated. */
export const DELIVERY_RETRY_MINUTES = 15;
export const ESCALATE_AFTER_FAILED_ATTEMPTS = 3;
/**
 * The outbox: a stored notification keeps an entry in the due index until its case opens, so a
 * message lost between storing and routing is queued again by the sweep. None is dropped silently.
 * - first queued this long after it was received, if notify's own queue call did not happen;
 * - once queued, queued again if the case has not opened this long after;
 * - after this many re-queues without the case opening, the designated manager is told instead.
 */
export const OUTBOX_GRACE_SECONDS = 120;
export const OUTBOX_REQUEUE_AFTER_MINUTES = 15;
export const OUTBOX_MAX_REQUEUES = 3;

/** What the sweep does with an outbox entry that has been re-queued `requeuesSoFar` times. */
export function outboxNextStep(requeuesSoFar: number): 'requeue' | 'escalate' {
  return requeuesSoFar >= OUTBOX_MAX_REQUEUES ? 'escalate' : 'requeue';
}
/** Reminders go out at 08:00 London time on their day. */
export const REMINDER_HOUR = 8;
