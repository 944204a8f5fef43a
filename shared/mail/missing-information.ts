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

export interface MissingInformationReminderInput {
  councilName: string;
  reference: string;
  /** London dates, in words: when the link was sent and the last day it works. */
  sentOn: string;
  worksUntil: string;
}

/**
 * The one reminder to a notifier who has not used the link (issue 12; the sweep sends it). The
 * link is stored only hashed, so it cannot be sent again: the reminder points to the first email.
 * The council, the reference and the dates only.
 */
export function missingInformationReminderEmail(input: MissingInformationReminderInput, to: string): Email {
  return {
    to: [to],
    subject: `Private fostering notification ${input.reference}: a reminder`,
    tags: { reference: input.reference, purpose: 'missing-information-reminder' },
    text: [
      `On ${input.sentOn} ${input.councilName} emailed you a link asking for some information that was not in your private fostering notification.`,
      '',
      `Reference: ${input.reference}`,
      '',
      `If you know any of it, please use the link in that email. It works until ${input.worksUntil}.`,
      'Please quote the reference if you contact us.',
      '',
      `${input.councilName} private fostering service`,
    ].join('\n'),
  };
}
