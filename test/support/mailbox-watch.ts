import type { SentEmail } from './mailbox.ts';

/** An email in the SES emulator's store, with the time (epoch ms) this watcher first saw it. */
export interface SeenEmail extends SentEmail {
  destination: { to: string[]; cc?: string[]; bcc?: string[] };
  headers?: { name: string; value: string }[];
  seenAt: number;
}

/**
 * Watches the SES emulator's store cheaply: `/store?since=<epoch seconds>` returns only the emails
 * stored in or after that second, so each poll carries a handful of emails however many have been
 * sent. Emails are kept by message id (the last second is read again on each poll). `seenAt` is
 * accurate to the poll interval plus one small HTTP request.
 */
export class MailboxWatcher {
  readonly #seen = new Map<string, SeenEmail>();
  #since = 0;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  polls = 0;

  constructor(
    readonly mailboxUrl: string,
    readonly intervalMs = 10,
  ) {}

  start(): this {
    const tick = async () => {
      this.#polling = this.poll().catch(() => undefined);
      await this.#polling;
      if (this.#timer) this.#timer = setTimeout(tick, this.intervalMs);
    };
    this.#timer = setTimeout(tick, 0);
    return this;
  }

  async stop(): Promise<void> {
    const timer = this.#timer;
    this.#timer = undefined;
    if (timer) clearTimeout(timer);
    await this.#polling;
  }

  /** One read of the store (also used by the loop). */
  async poll(): Promise<void> {
    const res = await fetch(`${this.mailboxUrl}/store?since=${this.#since}`);
    if (!res.ok) throw new Error(`Mailbox answered ${res.status}`);
    const { emails } = (await res.json()) as { emails: (SentEmail & { at: number })[] };
    const now = Date.now();
    this.polls++;
    for (const email of emails) {
      if (!this.#seen.has(email.messageId)) this.#seen.set(email.messageId, { ...email, seenAt: now });
      if (email.at > this.#since) this.#since = email.at;
    }
  }

  emails(): SeenEmail[] {
    return [...this.#seen.values()];
  }

  /** Resolves with the mailbox once `predicate` holds; polls on its own if the loop is not running. */
  async waitFor(
    predicate: (emails: SeenEmail[]) => boolean,
    timeoutMs = 10_000,
    what = 'emails',
  ): Promise<SeenEmail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.#timer) await this.poll();
      const emails = this.emails();
      if (predicate(emails)) return emails;
      if (Date.now() > deadline) throw new Error(`Mailbox never had ${what} (it holds ${emails.length})`);
      await new Promise((r) => setTimeout(r, Math.max(this.intervalMs, 20)));
    }
  }
}

/** The designated manager's alert for a notification (not the notifier's acknowledgement). */
export const isAlertFor = (email: SentEmail, reference: string) =>
  email.subject === `Private fostering notification ${reference}` ||
  email.subject === `URGENT: Private fostering notification ${reference}`;

/** The notifier's acknowledgement for a notification. */
export const isAcknowledgementFor = (email: SentEmail, reference: string) =>
  email.subject.startsWith('We have received') && email.subject.includes(reference);

/** The reference an alert is about, or undefined for any other email. */
export function alertReference(email: SentEmail): string | undefined {
  return /^(?:URGENT: )?Private fostering notification ([0-9A-HJKMNP-TV-Z]{8})$/.exec(email.subject)?.[1];
}

/** The reference an acknowledgement is about, or undefined for any other email. */
export function acknowledgementReference(email: SentEmail): string | undefined {
  if (!email.subject.startsWith('We have received')) return undefined;
  return /\b([0-9A-HJKMNP-TV-Z]{8})\b/.exec(email.subject)?.[1];
}

/** Counts by key; keys seen more than once are duplicates. */
export function countBy<T>(items: T[], key: (item: T) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}
