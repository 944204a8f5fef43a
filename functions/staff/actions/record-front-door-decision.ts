import * as z from 'zod/mini';
import type { FrontDoorDecisionInput } from '../../../shared/domain/case-change.ts';
import { FRONT_DOOR_OUTCOME_LABELS, FRONT_DOOR_OUTCOMES } from '../../../shared/domain/case-vocabulary.ts';
import { frontDoorDecisionOpen } from '../../../shared/domain/front-door.ts';
import { choice, text } from '../../../shared/web/fields.ts';
import { type Validated, validate } from '../../../shared/web/form-validation.ts';
import { defineCaseAction, withErrors } from './action.ts';

/**
 * The front door's decision on a notification (designated manager or a deputy): Working Together
 * to Safeguard Children (2023) asks for it within one working day of the referral. It is dated the
 * day it is recorded, so the one-working-day figure cannot be back-dated. After "more information
 * needed" it can be recorded again; the first date is the one measured.
 */
export const recordFrontDoorDecisionAction = defineCaseAction({
  id: 'record-front-door-decision',
  changeType: 'record-front-door-decision',
  template: 'record-front-door-decision.njk',
  title: (reference) => `Record the front door decision: case ${reference}`,
  linkText: () => 'Record the front door decision',
  doneMessage: 'Front door decision recorded; the notifier has been told the outcome',
  applies: (snapshot) => snapshot.caseRecord.status === 'open' && frontDoorDecisionOpen(snapshot.frontDoor),
  notApplicable: 'The front door has already decided on this notification',
  viewData: () => ({
    outcomes: FRONT_DOOR_OUTCOMES.map((o) => ({ value: o, text: FRONT_DOOR_OUTCOME_LABELS[o] })),
  }),
  parse: (input) => parseFrontDoorDecision(input),
  toChange: (frontDoor) => ({ type: 'record-front-door-decision', frontDoor }),
});

export function parseFrontDoorDecision(input: Record<string, unknown>): Validated<FrontDoorDecisionInput> {
  const schema = z.object({
    outcome: choice(FRONT_DOOR_OUTCOMES, 'Select the decision'),
    reason: text({ label: 'Why it is not private fostering', max: 1000, multiline: true }),
    notes: text({ label: 'Notes', max: 2000, multiline: true }),
  });
  const result = validate(schema, input);
  // From the answers as posted, so it is listed with any other error on the page.
  const missingReason =
    input.outcome === 'not-private-fostering' &&
    (typeof input.reason !== 'string' || input.reason.trim() === '')
      ? [{ id: 'reason', text: 'Enter why it is not private fostering' }]
      : [];
  const checked = withErrors(result, missingReason);
  if (!checked.ok) return checked;
  const d = checked.value;
  return {
    ok: true,
    value: {
      outcome: d.outcome as FrontDoorDecisionInput['outcome'],
      // The reason belongs to "not private fostering" only: an answer left in the hidden field
      // for another outcome is not kept.
      ...(d.outcome === 'not-private-fostering' && d.reason ? { reason: d.reason } : {}),
      ...(d.notes ? { notes: d.notes } : {}),
    },
  };
}
