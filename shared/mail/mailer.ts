import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { withoutSdkLogging } from '../sdk-client.ts';
import { sendEmailInput, sesClientConfig } from './send-email.ts';

export { singleLine } from './send-email.ts';

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
  return withoutSdkLogging(new SESv2Client(sesClientConfig(endpoint)));
}

/** Sends plain text (send-email.ts: what every send is made of). */
export function createMailer(ses: SESv2Client, from: string, configurationSet?: string): Mailer {
  return {
    async send(email) {
      const out = await ses.send(new SendEmailCommand(sendEmailInput(email, from, configurationSet)));
      return out.MessageId ?? '';
    },
  };
}
