import type { SESv2ClientConfig, SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import type { Email } from './mailer.ts';

/*
 * What every SES send is made of, with no SES SDK code (types only): mailer.ts sends with it, and
 * lazy-mailer.ts too, which loads the SDK only when a function first sends (issue 16: the notify
 * form sends only "save and come back later" links, so its cold start does not load SES).
 */

/** The SES client's settings: one retry, then the caller's own handling (outbox, escalation). */
export const sesClientConfig = (endpoint?: string): SESv2ClientConfig => ({
  ...(endpoint ? { endpoint } : {}),
  maxAttempts: 2,
});

/**
 * Plain text only: nothing a notifier typed can become markup in a manager's mail client, and
 * the bodies carry references, dates and links — never a child's name or address.
 */
export function sendEmailInput(email: Email, from: string, configurationSet?: string): SendEmailCommandInput {
  return {
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
  };
}

/** Header injection guard: a subject is one line, whatever reaches it. */
export function singleLine(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}
