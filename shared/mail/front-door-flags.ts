import type { Email } from './mailer.ts';

/**
 * Emails that flag something to the front door (issue 12): references, a reason in general words
 * and links only — never a child's name, a date of birth or an address.
 */

export interface DuplicateFlagInput {
  councilName: string;
  reference: string;
  matchingReference: string;
  /** In words, e.g. "the same child’s name and date of birth" (case-matching.ts). */
  basis: string;
  staffBaseUrl: string;
}

export function duplicateFlag(input: DuplicateFlagInput, to: string): Email {
  const { reference, matchingReference, staffBaseUrl } = input;
  return {
    to: [to],
    subject: `Possible duplicate: notification ${reference} may be about case ${matchingReference}`,
    tags: { reference, purpose: 'duplicate-flag' },
    text: [
      `Notification ${reference} may be about the same arrangement as open case ${matchingReference}: it has ${input.basis}.`,
      '',
      'Compare them, then link the new one to the open case (it then counts once and its duties are merged into that case) or keep them separate.',
      '',
      `New notification (sign-in required): ${staffBaseUrl}/cases/${reference}`,
      `Open case: ${staffBaseUrl}/cases/${matchingReference}`,
      '',
      `${input.councilName} private fostering service`,
    ].join('\n'),
  };
}

export interface OutOfAreaFlagInput {
  councilName: string;
  reference: string;
  /** The council the postcode district belongs to, if the lookup knows it. */
  likelyCouncil: string | undefined;
  staffBaseUrl: string;
}

export function outOfAreaFlag(input: OutOfAreaFlagInput, to: string): Email {
  const { reference } = input;
  return {
    to: [to],
    subject: `Check the area: notification ${reference} may be for another council`,
    tags: { reference, purpose: 'out-of-area-flag' },
    text: [
      `The carer's postcode in notification ${reference} is not in ${input.councilName}'s area${
        input.likelyCouncil ? ` (it looks like ${input.likelyCouncil})` : ' (we could not place it)'
      }.`,
      '',
      'Check where the child lives. If it is another council’s area, pass the notification on by the secure route agreed with that council and record what you did on the case.',
      '',
      `Open the case (sign-in required): ${input.staffBaseUrl}/cases/${reference}`,
      '',
      `${input.councilName} private fostering service`,
    ].join('\n'),
  };
}
