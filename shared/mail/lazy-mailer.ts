import type { Mailer } from './mailer.ts';

/**
 * A mailer that loads the SES SDK and makes its client on the first send, not at import: for a
 * function where sending is a rare path (notify's "save and come back later", the staff pages), so
 * its cold start does not pay for SES (issue 16). It is createMailer itself (mailer.ts), loaded
 * with `import()`; through that module a bundle carries only the SES client and SendEmail, where
 * `import('@aws-sdk/client-sesv2')` would carry every SES command.
 */
export function createLazySesMailer(settings: {
  endpoint?: string | undefined;
  from: string;
  configurationSet?: string | undefined;
}): Mailer {
  let loading: Promise<Mailer> | undefined;
  const mailer = () => {
    loading ??= import('./mailer.ts').then(
      (ses) =>
        ses.createMailer(ses.createSesClient(settings.endpoint), settings.from, settings.configurationSet),
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
      return (await mailer()).send(email);
    },
  };
}
