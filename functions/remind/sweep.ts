import * as z from 'zod/mini';
import { withDeputies } from '../../shared/domain/front-door.ts';
import { addDays, formatLongDate, type IsoDate, londonDateOf } from '../../shared/domain/local-date.ts';
import { instantAtLondonTime } from '../../shared/domain/london-clock.ts';
import { obligationRuleInWords } from '../../shared/domain/obligation-labels.ts';
import { currentStagesOnly, digestMaySendNow } from '../../shared/domain/reminder-digest.ts';
import {
  DELIVERY_RETRY_MINUTES,
  ESCALATE_AFTER_FAILED_ATTEMPTS,
  OUTBOX_REQUEUE_AFTER_MINUTES,
  outboxNextStep,
  REMINDER_HOUR,
  type Reminder,
  ReminderSchema,
} from '../../shared/domain/reminders.ts';
import {
  defaultReminderPolicy,
  nextOverdueRepeat,
  type ReminderPolicy,
} from '../../shared/domain/statutory-clock.ts';
import type { Mailer } from '../../shared/mail/mailer.ts';
import { missingInformationReminderEmail } from '../../shared/mail/missing-information.ts';
import { reminderDigest } from '../../shared/mail/templates.ts';
import type { RoutingQueue } from '../../shared/queue/notification-queue.ts';
import type { DigestLedger } from '../../shared/store/digest-ledger.ts';
import type { DueIndex, DueItem } from '../../shared/store/due-index.ts';
import { isConditionFailure } from '../../shared/store/dynamo.ts';
import { NOTICE_OUTBOX_JOB } from '../../shared/store/notice-store.ts';
import type { ReminderStore } from '../../shared/store/reminder-store.ts';

export interface SweepDependencies {
  dueIndex: DueIndex;
  reminders: ReminderStore;
  /** When each recipient last had a digest (one a day, unless something newly overdue). */
  digests: DigestLedger;
  mailer: Mailer;
  /** The one routing queue: notifications and change/ending notices (each by reference only). */
  queue: RoutingQueue;
  councilName: string;
  staffBaseUrl: string;
  designatedManager: string;
  /**
   * Deputy designated managers: a digest to the designated manager (escalations) goes to every
   * deputy too, so nothing waits on one person's leave.
   */
  deputyManagers?: readonly string[];
  /** How often overdue reminders repeat (the same policy that planned them). */
  reminderPolicy?: ReminderPolicy;
  /** How long a claim holds before another sweep may take the item (a crashed run's leftovers). */
  leaseMinutes?: number;
}

export interface SweepReport {
  itemsRead: number;
  due: number;
  claimed: number;
  emailsSent: number;
  remindersSent: number;
  remindersFailed: number;
  notificationsRequeued: number;
  /** How late the most overdue item in this run was: an alarm fires when a day's worth piles up. */
  oldestDueAgeSeconds: number;
}

const minutes = (n: number) => n * 60_000;

/**
 * One run of the reminder sweep at `now`. Reads only what is due (the sparse index), claims each
 * item so overlapping runs never send twice, sends one digest per recipient, and retries or
 * escalates what fails. A missed run is caught up by the next: due means "at or before now".
 */
export async function sweep(now: Date, deps: SweepDependencies): Promise<SweepReport> {
  const { items, itemsRead } = await deps.dueIndex.queryDue(now);
  const lease = new Date(now.getTime() + minutes(deps.leaseMinutes ?? 10));
  const report: SweepReport = {
    itemsRead,
    due: items.length,
    claimed: 0,
    emailsSent: 0,
    remindersSent: 0,
    remindersFailed: 0,
    notificationsRequeued: 0,
    oldestDueAgeSeconds: items.reduce(
      (oldest, item) =>
        Math.max(
          oldest,
          Math.round((now.getTime() - Date.parse(String(item.dueAt ?? now.toISOString()))) / 1000),
        ),
      0,
    ),
  };

  const claimedReminders: ClaimedReminder[] = [];
  for (const item of items) {
    if (item.job === 'queue-notification' || item.job === NOTICE_OUTBOX_JOB) {
      await drainOutboxEntry(item, now, deps, report);
      continue;
    }
    if (item.job === 'missing-information-follow-up') {
      await followUpInformationRequest(item, now, lease, deps, report);
      continue;
    }
    if (!(await deps.dueIndex.claim(item, lease, { state: 'sending' }))) continue;
    report.claimed++;
    const parsed = z.safeParse(ReminderSchema, item);
    if (!parsed.success) {
      // A reminder we cannot read is a defect; take it out and tell the designated manager.
      await deps.dueIndex.complete(item, { state: 'cancelled', invalid: true });
      await raiseDeliveryFailure(String(item.reference ?? 'unknown'), String(item.sk), now, deps);
      continue;
    }
    claimedReminders.push({ item, reminder: parsed.data });
  }

  // A catch-up claims several stages of one obligation at once: only the latest is news.
  const { current, superseded } = currentStagesOnly(claimedReminders);
  for (const { item } of superseded) {
    await ignoreIfCancelled(deps.dueIndex.complete(item, { state: 'sent', supersededAt: now.toISOString() }));
  }

  const byRecipient = new Map<string, ClaimedReminder[]>();
  for (const entry of current) {
    const list = byRecipient.get(entry.reminder.recipient) ?? [];
    list.push(entry);
    byRecipient.set(entry.reminder.recipient, list);
  }
  const today = londonDateOf(now);
  for (const [recipient, entries] of byRecipient) {
    await sendDigest(recipient, entries, today, now, deps, report);
  }
  return report;
}

type ClaimedReminder = { item: DueItem; reminder: Reminder };

/** One digest to one recipient, or its items put back for tomorrow's, or retried if it fails. */
async function sendDigest(
  recipient: string,
  entries: ClaimedReminder[],
  today: IsoDate,
  now: Date,
  deps: SweepDependencies,
  report: SweepReport,
) {
  const reminders = entries.map((e) => e.reminder);
  if (!digestMaySendNow({ lastDigestOn: await deps.digests.lastDigestOn(recipient), today, reminders })) {
    // Already had today's digest and nothing new is overdue: these join tomorrow morning's.
    const tomorrow = instantAtLondonTime(addDays(today, 1), REMINDER_HOUR);
    for (const { item } of entries) {
      await ignoreIfCancelled(deps.dueIndex.reschedule(item, tomorrow, { state: 'pending' }));
    }
    return;
  }
  try {
    const digest = reminderDigest(
      deps.councilName,
      recipient,
      reminders,
      (ref) => `${deps.staffBaseUrl}/cases/${ref}`,
      today,
    );
    await deps.mailer.send({
      ...digest,
      to: withDeputies(digest.to, deps.designatedManager, deps.deputyManagers ?? []),
    });
    report.emailsSent++;
  } catch {
    for (const { item, reminder } of entries) {
      const attempts = reminder.attempts + 1;
      await ignoreIfCancelled(
        deps.dueIndex.reschedule(item, new Date(now.getTime() + minutes(DELIVERY_RETRY_MINUTES)), {
          state: 'pending',
          attempts,
        }),
      );
      if (attempts === ESCALATE_AFTER_FAILED_ATTEMPTS && reminder.stage !== 'delivery-failure') {
        await raiseDeliveryFailure(reminder.reference, reminder.reminderId, now, deps);
      }
      report.remindersFailed++;
    }
    return;
  }
  await deps.digests.recordDigest(recipient, today, now);
  for (const { item, reminder } of entries) {
    report.remindersSent++;
    const sentCount = (reminder.sentCount ?? 0) + 1;
    const sent = { attempts: 0, sentCount, lastSentAt: now.toISOString() };
    if (reminder.stage === 'overdue' || reminder.stage === 'escalation') {
      // Repeated weekly while the obligation stays overdue; meeting it cancels the reminder.
      const next = nextOverdueRepeat(now, deps.reminderPolicy ?? defaultReminderPolicy);
      await ignoreIfCancelled(deps.dueIndex.reschedule(item, next, { state: 'pending', ...sent }));
    } else {
      await ignoreIfCancelled(deps.dueIndex.complete(item, { state: 'sent', ...sent }));
    }
  }
}

/**
 * Queues a stored notification again (its case has not opened), or escalates it after too many
 * tries. The route function takes the entry out of the index the moment the case opens, and it
 * may do so while this runs (it may be routing the very message sent here), so every write here
 * is one conditional update made *before* the message is sent: nothing is written to the entry
 * after the send, and a route that got there first simply wins the condition.
 */
async function drainOutboxEntry(item: DueItem, now: Date, deps: SweepDependencies, report: SweepReport) {
  // A change or ending notice (issue 12) waits in the outbox the same way, under its own reference.
  const isNotice = item.job === NOTICE_OUTBOX_JOB;
  const reference = String(isNotice ? item.noticeRef : item.reference);
  const requeuesSoFar = Number(item.requeues ?? 0);
  if (outboxNextStep(requeuesSoFar) === 'escalate') {
    if (!(await completeIfUnchanged(item, { outboxAbandonedAt: now.toISOString() }, deps))) return;
    report.claimed++;
    await raiseDeliveryFailure(reference, isNotice ? 'notice-routing' : 'notification-routing', now, deps);
    return;
  }
  // Claiming until the next re-queue time records this try: if the send below fails (the queue is
  // down too) or the message is lost, the entry comes due again then, one try nearer escalation.
  const nextTry = new Date(now.getTime() + minutes(OUTBOX_REQUEUE_AFTER_MINUTES));
  if (!(await deps.dueIndex.claim(item, nextTry, { requeues: requeuesSoFar + 1 }))) return;
  report.claimed++;
  try {
    await deps.queue.send(isNotice ? { notice: reference } : { reference });
    report.notificationsRequeued++;
  } catch {
    // Left claimed until `nextTry`; a later sweep tries again.
  }
}

const FollowUpSchema = z.object({
  reference: z.string(),
  requestId: z.string(),
  sentAt: z.string(),
  expiresAt: z.string(),
  notifier: z.string(),
  caseRecipient: z.string(),
  answeredAt: z.optional(z.string()),
  notifierRemindedAt: z.optional(z.string()),
});

/**
 * A missing-information link not yet answered (issue 12; the rule in
 * shared/domain/missing-information.ts): first the notifier is reminded, once, and the request comes
 * due again when the link expires; then, still unanswered, the case is flagged in its caseworker's
 * reminder digest (a reminder item like any other), and the request leaves the index.
 */
async function followUpInformationRequest(
  item: DueItem,
  now: Date,
  lease: Date,
  deps: SweepDependencies,
  report: SweepReport,
) {
  const parsed = z.safeParse(FollowUpSchema, item);
  if (!parsed.success || parsed.data.answeredAt) {
    await completeIfUnchanged(item, {}, deps);
    return;
  }
  const r = parsed.data;
  if (!(await deps.dueIndex.claim(item, lease))) return;
  report.claimed++;
  if (!r.notifierRemindedAt) {
    try {
      await deps.mailer.send(
        missingInformationReminderEmail(
          {
            councilName: deps.councilName,
            reference: r.reference,
            sentOn: formatLongDate(londonDateOf(new Date(r.sentAt))),
            // The day it expires (at the hour it was sent), as the case page says.
            worksUntil: formatLongDate(londonDateOf(new Date(r.expiresAt))),
          },
          r.notifier,
        ),
      );
      report.emailsSent++;
    } catch {
      // Left claimed until the lease runs out: a later sweep tries again.
      return;
    }
    await ignoreIfCancelled(
      deps.dueIndex.reschedule(item, new Date(r.expiresAt), { notifierRemindedAt: now.toISOString() }),
    );
    return;
  }
  await deps.reminders.add({
    reference: r.reference,
    reminderId: `missing-information#${r.requestId}`,
    obligation: 'missing-information',
    stage: 'overdue',
    due: londonDateOf(new Date(r.expiresAt)),
    basis: obligationRuleInWords('missing-information'),
    recipient: r.caseRecipient,
    audience: 'case',
    state: 'pending',
    dueAt: now.toISOString(),
    attempts: 0,
  });
  await ignoreIfCancelled(deps.dueIndex.complete(item, { flaggedAt: now.toISOString() }));
}

/** Takes an item out of the index only if nobody moved it since it was read. */
async function completeIfUnchanged(item: DueItem, set: Record<string, unknown>, deps: SweepDependencies) {
  try {
    await deps.dueIndex.complete(item, set);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Nothing fails silently: the designated manager hears of any reminder that could not be delivered. */
async function raiseDeliveryFailure(reference: string, about: string, now: Date, deps: SweepDependencies) {
  const routing = about === 'notification-routing' || about === 'notice-routing';
  await deps.reminders.add({
    reference,
    reminderId: `delivery-failure#${about.replace(/^REMINDER#/, '')}`,
    obligation: routing ? about : (about.split('#')[0] ?? about),
    stage: 'delivery-failure',
    due: now.toISOString().slice(0, 10),
    basis: routing
      ? `The ${about === 'notice-routing' ? 'notice' : 'notification'} could not be routed after repeated attempts: check the dead-letter queue.`
      : `A reminder (${about}) could not be delivered after ${ESCALATE_AFTER_FAILED_ATTEMPTS} attempts; it is still being retried.`,
    recipient: deps.designatedManager,
    audience: 'manager',
    state: 'pending',
    dueAt: now.toISOString(),
    attempts: 0,
  });
}

async function ignoreIfCancelled(p: Promise<void>): Promise<void> {
  try {
    await p;
  } catch (error) {
    // Staff met or ended the obligation while we were sending: it was taken out of the index.
    if (!isConditionFailure(error)) throw error;
  }
}
