import type { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer } from './mailer.ts';
import { sendEmailInput, sesClientConfig } from './send-email.ts';

/**
 * A mailer that loads the SES SDK and makes its client on the first send, not at import: for a
 * function where sending is a rare path (notify's "save and come back later", the staff pages), so
 * its cold start does not pay for SES (issue 16). Sends exactly what createMailer sends
 * (send-email.ts). The SDK is imported by name, so a bundle keeps it out of its start.
 */
export function createLazySesMailer(settings: {
  endpoint?: string | undefined;
  from: string;
  configurationSet?: string | undefined;
}): Mailer {
  let loading: Promise<{ ses: SESv2Client; Command: typeof SendEmailCommand }> | undefined;
  const client = () => {
    loading ??= import('@aws-sdk/client-sesv2').then(
      (sdk) => ({
        ses: new sdk.SESv2Client(sesClientConfig(settings.endpoint)),
        Command: sdk.SendEmailCommand,
      }),
      (error: unknown) => {
        // A failed load is tried again on the next send, not remembered.
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  return {
    async send(email) {
      const { ses, Command } = await client();
      const out = await ses.send(
        new Command(sendEmailInput(email, settings.from, settings.configurationSet)),
      );
      return out.MessageId ?? '';
    },
  };
}
