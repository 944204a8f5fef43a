import type { Email } from './mailer.ts';

export interface CaseAllocatedInput {
  councilName: string;
  reference: string;
  /** The case page, behind sign-in. */
  caseUrl: string;
}

/**
 * Tells a caseworker a case is now theirs. The reference and the link only: what the case is
 * about, the child included, stays behind sign-in on the case page.
 */
export function caseAllocatedEmail(input: CaseAllocatedInput, to: string): Email {
  return {
    to: [to],
    subject: `Private fostering case ${input.reference} allocated to you`,
    tags: { reference: input.reference, purpose: 'case-allocated' },
    text: [
      'A private fostering case has been allocated to you.',
      '',
      `Reference: ${input.reference}`,
      `Open the case (sign-in required): ${input.caseUrl}`,
      '',
      'The case page shows what is due first.',
      '',
      `${input.councilName} private fostering service`,
    ].join('\n'),
  };
}
