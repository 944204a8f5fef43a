import { MISSING_INFORMATION_LINK_DAYS } from '../domain/missing-information.ts';
import type { Email } from './mailer.ts';

export interface MissingInformationEmailInput {
  councilName: string;
  reference: string;
  /** The single-use link to the page that asks what is missing. */
  link: string;
}

/**
 * Asks the person who notified for what the notification did not say (issue 12). The council's
 * name, our reference and the link only: not what is missing (that would say something about the
 * child's family), nothing about the child or the carer, because the email leaves the council's
 * systems. Sent only to the address the notifier gave in the notification.
 */
export function missingInformationEmail(input: MissingInformationEmailInput, to: string): Email {
  return {
    to: [to],
    subject: `Private fostering notification ${input.reference}: please tell us a little more`,
    tags: { reference: input.reference, purpose: 'missing-information' },
    text: [
      `Thank you for your private fostering notification to ${input.councilName}.`,
      '',
      `Reference: ${input.reference}`,
      '',
      'Some information was not in the notification. If you know it, please tell us using this link:',
      '',
      input.link,
      '',
      `The link works once, for ${MISSING_INFORMATION_LINK_DAYS} days. Please quote the reference if you contact us.`,
      '',
      `${input.councilName} private fostering service`,
    ].join('\n'),
  };
}
