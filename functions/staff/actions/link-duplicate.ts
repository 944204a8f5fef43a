import * as z from 'zod/mini';
import { MATCH_BASIS_LABELS } from '../../../shared/domain/case-matching.ts';
import type { CaseSnapshot } from '../../../shared/domain/stored-case.ts';
import { choice } from '../../../shared/web/fields.ts';
import { type Validated, validate } from '../../../shared/web/form-validation.ts';
import { defineCaseAction } from './action.ts';

/** Still waiting for the front door to say: flagged, not linked, not kept separate. */
const undecided = (s: CaseSnapshot) =>
  s.caseRecord.status === 'open' &&
  s.caseRecord.possibleDuplicateOf !== undefined &&
  !s.caseRecord.summary?.duplicateOf &&
  !s.events.some((e) => e.event === 'duplicate-kept-separate');

/**
 * Issue 12: a notification flagged as a possible duplicate of an open case (route's
 * flag-duplicate.ts). Linking it makes it count once (compliance.ts) and cancels its own duties as
 * merged into the original (case-change.ts); keeping it separate clears the question.
 */
export const linkDuplicateAction = defineCaseAction({
  id: 'link-duplicate',
  changeType: 'link-duplicate',
  template: 'link-duplicate.njk',
  title: (reference) => `Possible duplicate: case ${reference}`,
  linkText: (c) => `Possible duplicate of case ${c.possibleDuplicateOf ?? ''}: link or keep separate`,
  doneMessage: 'Possible duplicate decided',
  applies: undecided,
  notApplicable: 'This case is not waiting for a duplicate decision',
  viewData: ({ snapshot }) => {
    const c = snapshot.caseRecord;
    return {
      original: c.possibleDuplicateOf,
      basis: c.possibleDuplicateBasis ? MATCH_BASIS_LABELS[c.possibleDuplicateBasis] : undefined,
      choices: [
        {
          value: 'link',
          text: `Link it to case ${c.possibleDuplicateOf}`,
          hint: 'The same arrangement: this case counts once, as that one, and its own duties are cancelled as merged into it.',
        },
        { value: 'separate', text: 'Keep it separate', hint: 'A different child or arrangement.' },
      ],
    };
  },
  parse: (input, ctx): Validated<{ link: boolean; of: string }> => {
    const schema = z.object({
      decision: choice(['link', 'separate'] as const, 'Select link or keep separate'),
    });
    const result = validate(schema, input);
    if (!result.ok) return result;
    const of = ctx.snapshot.caseRecord.possibleDuplicateOf ?? '';
    return { ok: true, value: { link: result.value.decision === 'link', of } };
  },
  toChange: ({ link, of }) => (link ? { type: 'link-duplicate', of } : { type: 'keep-separate' }),
});
