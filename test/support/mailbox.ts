/** Reads what reached the SES emulator, the way a person reads the mailbox page. */
export interface SentEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

export async function readMailbox(mailboxUrl: string): Promise<SentEmail[]> {
  const res = await fetch(`${mailboxUrl}/store`);
  if (!res.ok) throw new Error(`Mailbox answered ${res.status}`);
  return ((await res.json()) as { emails: SentEmail[] }).emails;
}

export async function clearMailbox(mailboxUrl: string): Promise<void> {
  await fetch(`${mailboxUrl}/clear-store`, { method: 'POST' });
}

/** Polls until `predicate` holds for the mailbox, or fails after `timeoutMs`. */
export async function waitForEmails(
  mailboxUrl: string,
  predicate: (emails: SentEmail[]) => boolean,
  timeoutMs = 10_000,
): Promise<SentEmail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const emails = await readMailbox(mailboxUrl);
    if (predicate(emails)) return emails;
    if (Date.now() > deadline) {
      throw new Error(
        `Mailbox never matched; it holds ${emails.length}: ${emails.map((e) => e.subject).join(' | ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
