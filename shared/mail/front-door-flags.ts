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

export function duplicateFlag(input: DuplicateFlagInput, to: readonly string[]): Email {
  const { reference, matchingReference, staffBaseUrl } = input;
  return {
    to: [...to],
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

export function outOfAreaFlag(input: OutOfAreaFlagInput, to: readonly string[]): Email {
  const { reference } = input;
  return {
    to: [...to],
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

export interface NoticeAlertInput {
  councilName: string;
  kind: 'change' | 'end';
  reference: string;
  noticeRef: string;
  staffBaseUrl: string;
  /** The new address is outside the council's area: a move between councils. */
  leavingArea?: boolean;
}

/** A change or ending notice joined its case: to the allocated caseworker and the front door. */
export function noticeAlert(input: NoticeAlertInput, to: string[]): Email {
  const { reference, noticeRef } = input;
  const what = input.kind === 'end' ? 'the end of the arrangement' : 'a change in the arrangement';
  return {
    to,
    subject: `${input.kind === 'end' ? 'Ending' : 'Change'} told online for case ${reference}`,
    tags: { reference, purpose: 'notice-alert' },
    text: [
      `Someone has told us online about ${what} for case ${reference} (notice ${noticeRef}).`,
      '',
      input.kind === 'end'
        ? 'Read it on the case page and confirm the end: the form is filled in from the notice for you to check.'
        : 'Read it on the case page and act on it: a new address may mean a new area or a visit.',
      ...(input.leavingArea
        ? [
            '',
            'The new address is outside our area: the child may be moving to another council. Tell that council’s front door, by the secure route agreed with them, and record it on the case.',
          ]
        : []),
      '',
      `Open the case (sign-in required): ${input.staffBaseUrl}/cases/${reference}`,
      '',
      `${input.councilName} private fostering service`,
    ].join('\n'),
  };
}

export interface NoticeToMatchInput {
  councilName: string;
  kind: 'change' | 'end';
  noticeRef: string;
  suggestedCase: string | undefined;
  staffBaseUrl: string;
}

/** A notice without a usable case reference: the front door matches it to a case or opens one. */
export function noticeToMatchAlert(input: NoticeToMatchInput, to: readonly string[]): Email {
  const what = input.kind === 'end' ? 'the end of an arrangement' : 'a change in an arrangement';
  return {
    to: [...to],
    subject: `Notice ${input.noticeRef} needs matching to a case`,
    tags: { reference: input.noticeRef, purpose: 'notice-to-match' },
    text: [
      `Someone has told us online about ${what} without a case reference we could use (notice ${input.noticeRef}).`,
      input.suggestedCase
        ? `It looks like case ${input.suggestedCase}: confirm or choose another.`
        : 'We could not find a matching open case: choose one, or open it as a new notification.',
      '',
      `Notices to match (sign-in required): ${input.staffBaseUrl}/notices`,
      '',
      `${input.councilName} private fostering service`,
    ].join('\n'),
  };
}
