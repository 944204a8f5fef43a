import * as z from 'zod/mini';
import { type ArrangementInput, arrangementStageOf } from '../../../shared/domain/case-change.ts';
import { ARRANGEMENT_STAGE_LABELS, ARRANGEMENT_STAGES } from '../../../shared/domain/case-vocabulary.ts';
import { choice, text } from '../../../shared/web/fields.ts';
import { type Validated, validate } from '../../../shared/web/form-validation.ts';
import { defineCaseAction } from './action.ts';

/**
 * Correct what the form recorded: a proposed arrangement (regulation 3, the child has not moved in)
 * or one already running (regulation 5). The schedule is recomputed: a proposal owes no
 * regulation 8 visit until the move-in is recorded.
 */
export const correctArrangementAction = defineCaseAction({
  id: 'correct-arrangement',
  changeType: 'correct-arrangement',
  template: 'correct-arrangement.njk',
  title: (reference) => `Correct the arrangement: case ${reference}`,
  linkText: () => 'Correct the arrangement',
  doneMessage: 'Arrangement corrected: the schedule has been worked out again',
  startValues: (snapshot): Record<string, string> => ({
    stage: arrangementStageOf(snapshot.caseRecord, snapshot),
  }),
  viewData: () => ({
    stages: ARRANGEMENT_STAGES.map((s) => ({ value: s, text: ARRANGEMENT_STAGE_LABELS[s] })),
  }),
  parse: (input) => parseArrangement(input),
  toChange: (arrangement) => ({ type: 'correct-arrangement', arrangement }),
});

export function parseArrangement(input: Record<string, unknown>): Validated<ArrangementInput> {
  const schema = z.object({
    stage: choice(ARRANGEMENT_STAGES, 'Select whether the child has moved in yet'),
    notes: text({ label: 'Notes', max: 2000, multiline: true }),
  });
  const result = validate(schema, input);
  if (!result.ok) return result;
  const v = result.value;
  return {
    ok: true,
    value: { stage: v.stage as ArrangementInput['stage'], ...(v.notes ? { notes: v.notes } : {}) },
  };
}
