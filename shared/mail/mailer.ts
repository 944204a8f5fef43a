import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

export interface Email {
  to: string[];
  subject: string;
  text: string;
  /**
   * What the email is about, sent as SES message tags so a bounce or complaint event can be
   * traced back to its case without any personal data (tag values: letters, digits, _ and -).
   */
  tags?: { reference?: string; purpose: string };
}

export interface Mailer {
  /** Sends one plain-text email; resolves with the SES message id, rejects on any failure. */
  send(email: Email): Promise<string>;
}

export function createSesClient(endpoint?: string): SESv2Client {
  return new SESv2Client({ ...(endpoint ? { endpoint } : {}), maxAttempts: 2 });
}

/**
 * Plain text only: nothing a notifier typed can become markup in a manager's mail client, and
 * the bodies carry references, dates and links — never a child's name or address.
 */
export function createMailer(ses: SESv2Client, from: string, configurationSet?: string): Mailer {
  return {
    async send(email) {
      const out = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: email.to },
          Content: {
            Simple: {
              Subject: { Data: singleLine(email.subject), Charset: 'UTF-8' },
              Body: { Text: { Data: email.text, Charset: 'UTF-8' } },
            },
          },
          ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
          ...(email.tags
            ? {
                EmailTags: Object.entries(email.tags)
                  .filter(([, value]) => value)
                  .map(([Name, Value]) => ({ Name, Value: String(Value).replace(/[^A-Za-z0-9_-]/g, '_') })),
              }
            : {}),
        }),
      );
      return out.MessageId ?? '';
    },
  };
}

/** Header injection guard: a subject is one line, whatever reaches it. */
export function singleLine(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}
