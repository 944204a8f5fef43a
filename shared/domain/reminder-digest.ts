import { daysBetween, type IsoDate } from './local-date.ts';
import { REMINDER_STAGE_RANK, type Reminder } from './reminders.ts';

/**
 * How a sweep's reminders become one email a caseworker acts on (pure; the sweep sends it).
 *
 * The stages of one obligation (due soon, due today, overdue) are planned as separate reminders so
 * each goes out on its own day. A sweep that catches up on missed days claims several stages of
 * one obligation at once; only the latest stage is news, the earlier ones are stale.
 */

const isUrgent = (r: Reminder) => r.stage === 'overdue' || r.stage === 'escalation';

/**
 * Keeps one reminder per obligation, recipient and audience: the one at the latest stage. Notices
 * of a failed delivery are never merged (each is about a different email).
 */
export function currentStagesOnly<T extends { reminder: Reminder }>(
  entries: readonly T[],
): { current: T[]; superseded: T[] } {
  const latest = new Map<string, T>();
  const superseded: T[] = [];
  for (const entry of entries) {
    const r = entry.reminder;
    const key =
      r.stage === 'delivery-failure'
        ? `failure|${r.reminderId}|${r.reference}`
        : `${r.reference}|${r.obligation}|${r.audience}|${r.recipient}`;
    const held = latest.get(key);
    if (!held) {
      latest.set(key, entry);
    } else if (REMINDER_STAGE_RANK[r.stage] > REMINDER_STAGE_RANK[held.reminder.stage]) {
      superseded.push(held);
      latest.set(key, entry);
    } else {
      superseded.push(entry);
    }
  }
  return { current: [...latest.values()], superseded };
}

/**
 * At most one digest a day per recipient, so reminders are read rather than filtered: a second
 * digest the same London day goes only when something has newly become overdue (its first
 * overdue or escalation email) or an email could not be delivered. Anything else waits for the
 * next morning's digest.
 */
export function digestMaySendNow(input: {
  lastDigestOn: IsoDate | undefined;
  today: IsoDate;
  reminders: readonly Reminder[];
}): boolean {
  if (input.lastDigestOn !== input.today) return true;
  return input.reminders.some(
    (r) => r.stage === 'delivery-failure' || (isUrgent(r) && (r.sentCount ?? 0) === 0),
  );
}

export interface DigestItem {
  reminder: Reminder;
  /** Calendar days past the due date on `today` (0 or less: not yet overdue). */
  daysOverdue: number;
}
export interface DigestCase {
  reference: string;
  items: DigestItem[];
}

/**
 * The digest's order: grouped by case, cases with the most overdue item first, and within a case
 * the most overdue first (then the most advanced stage), so the top of the email is what to do
 * first.
 */
export function digestByCase(reminders: readonly Reminder[], today: IsoDate): DigestCase[] {
  const items = reminders.map((reminder) => ({ reminder, daysOverdue: daysBetween(reminder.due, today) }));
  const mostFirst = (a: DigestItem, b: DigestItem) =>
    b.daysOverdue - a.daysOverdue ||
    REMINDER_STAGE_RANK[b.reminder.stage] - REMINDER_STAGE_RANK[a.reminder.stage] ||
    a.reminder.obligation.localeCompare(b.reminder.obligation);
  const byCase = new Map<string, DigestItem[]>();
  for (const item of [...items].sort(mostFirst)) {
    const list = byCase.get(item.reminder.reference) ?? [];
    list.push(item);
    byCase.set(item.reminder.reference, list);
  }
  // Map keeps insertion order: the case of the most overdue item first.
  return [...byCase].map(([reference, list]) => ({ reference, items: list }));
}
