import type { FrontDoorOutcome } from '../domain/case-vocabulary.ts';
import { FRONT_DOOR_OUTCOME_FOR_REFERRER } from '../domain/front-door.ts';
import type { Email } from './mailer.ts';

export interface FrontDoorDecisionEmailInput {
  councilName: string;
  reference: string;
  outcome: FrontDoorOutcome;
}

/**
 * Tells the person who notified what the front door decided (Working Together to Safeguard
 * Children 2023: the referrer is told the outcome). The reference and the outcome in plain words
 * only: nothing about the child, and not the reason or notes staff recorded, because the email
 * leaves the council's systems. Sent only to the address the notifier gave in the notification.
 */
export function frontDoorDecisionEmail(input: FrontDoorDecisionEmailInput, to: string): Email {
  return {
    to: [to],
    subject: `Private fostering notification ${input.reference}: what happens next`,
    tags: { reference: input.reference, purpose: 'front-door-decision' },
    text: [
      `Thank you for your private fostering notification to ${input.councilName}.`,
      '',
      `Reference: ${input.reference}`,
      '',
      FRONT_DOOR_OUTCOME_FOR_REFERRER[input.outcome],
      '',
      'Please quote the reference if you contact us.',
      '',
      `${input.councilName} private fostering service`,
    ].join('\n'),
  };
}
