import * as z from 'zod/mini';
import type { DecisionInput } from '../../../shared/domain/case-change.ts';
import { DECISION_OUTCOME_LABELS, DECISION_OUTCOMES } from '../../../shared/domain/case-vocabulary.ts';
import { choice, date, text } from '../../../shared/web/fields.ts';
import { type Validated, validate } from '../../../shared/web/form-validation.ts';
import { type DateLimits, defineCaseAction, notBefore } from './action.ts';

/**
 * Record the assessment decision (designated manager only). The one form that still applies once
 * the arrangement has ended: the decision may come after.
 */
export const recordDecisionAction = defineCaseAction({
  id: 'record-decision',
  changeType: 'record-decision',
  template: 'record-decision.njk',
  title: (reference) => `Record the assessment decision: case ${reference}`,
  linkText: () => 'Record the assessment decision',
  doneMessage: 'Assessment decision recorded',
  applies: () => true,
  viewData: () => ({
    outcomes: DECISION_OUTCOMES.map((o) => ({ value: o, text: DECISION_OUTCOME_LABELS[o] })),
  }),
  parse: (input, ctx) => parseDecision(input, ctx.limits),
  toChange: (decision) => ({ type: 'record-decision', decision }),
});

export function parseDecision(input: Record<string, unknown>, limits: DateLimits): Validated<DecisionInput> {
  const schema = z.object({
    decidedOn: date({
      name: 'the date of the decision',
      label: 'Date of the decision',
      required: true,
      past: true,
      today: limits.today,
      earliest: notBefore(limits, 'Date of the decision'),
    }),
    outcome: choice(DECISION_OUTCOMES, 'Select the decision'),
    notes: text({ label: 'Notes', max: 2000, multiline: true }),
  });
  const result = validate(schema, input);
  if (!result.ok) return result;
  const d = result.value;
  return {
    ok: true,
    value: {
      decidedOn: d.decidedOn as string,
      outcome: d.outcome as DecisionInput['outcome'],
      ...(d.notes ? { notes: d.notes } : {}),
    },
  };
}
