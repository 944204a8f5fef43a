import { TRANSFER_ACKNOWLEDGEMENT_WORKING_DAYS } from '../domain/statutory-clock.ts';
import type { Email } from './mailer.ts';

export interface TransferNoticeInput {
  councilName: string;
  receivingCouncilName: string;
  reference: string;
  /** The single-use acknowledgement link (notify's public page). */
  acknowledgeUrl: string;
  /** Who to contact at our front door: the designated manager's address. */
  contact: string;
}

/**
 * Tells another council's front door that a privately fostered child is moving to its area (issue
 * 12; domain.md "A move to another area: the receiving council should be told"). The minimum
 * only: our reference, the fact of the move, a contact and the acknowledgement link. No name,
 * date of birth or address: personal details go only by the secure route the councils agree.
 */
export function transferNoticeEmail(input: TransferNoticeInput, to: string): Email {
  return {
    to: [to],
    subject: `Private fostering: a child is moving to your area (our reference ${input.reference})`,
    tags: { reference: input.reference, purpose: 'transfer-notice' },
    text: [
      `To the front door of ${input.receivingCouncilName},`,
      '',
      `${input.councilName} has been told that a child it knows to be privately fostered is moving, or has moved, to your area.`,
      '',
      `Our reference: ${input.reference}`,
      '',
      `Please acknowledge this notice within ${TRANSFER_ACKNOWLEDGEMENT_WORKING_DAYS} working days using this link (it works once):`,
      input.acknowledgeUrl,
      '',
      `The child's details will be shared only by the secure route our councils agree. To arrange it, contact ${input.contact} quoting our reference.`,
      '',
      `${input.councilName} private fostering service`,
    ].join('\n'),
  };
}
