import * as z from 'zod/mini';
import { type ChildDetailsInput, childAgeOf } from '../../../shared/domain/case-change.ts';
import { DISABILITY_DECISION_LABELS } from '../../../shared/domain/case-vocabulary.ts';
import { DISABILITY_DECISIONS } from '../../../shared/domain/stored-case.ts';
import { choice, date, dateToParts, text } from '../../../shared/web/fields.ts';
import { type Validated, validate } from '../../../shared/web/form-validation.ts';
import { type DateLimits, defineCaseAction } from './action.ts';

/**
 * Record or correct the child's date of birth and disability. The age limit follows them
 * (Children Act 1989 s.66: 16, or 18 if disabled as defined in s.17(11)), and disability is the
 * council's judgement, not the notifier's: until it is decided the end date assumes 16.
 */
export const correctChildDetailsAction = defineCaseAction({
  id: 'correct-child-details',
  changeType: 'correct-child-details',
  template: 'correct-child-details.njk',
  title: (reference) => `Correct the child's date of birth or disability: case ${reference}`,
  linkText: () => "Correct the child's date of birth or disability",
  doneMessage: "Child's details recorded: the schedule has been worked out again",
  startValues: (snapshot): Record<string, string> => {
    const age = childAgeOf(snapshot.notification, snapshot.childDetails);
    const dob = dateToParts(age.dateOfBirth);
    return {
      'dateOfBirth-day': dob.day,
      'dateOfBirth-month': dob.month,
      'dateOfBirth-year': dob.year,
      disability: age.disabilityUnknown ? 'undecided' : age.disabled ? 'yes' : 'no',
    };
  },
  viewData: () => ({
    disabilities: DISABILITY_DECISIONS.map((d) => ({ value: d, text: DISABILITY_DECISION_LABELS[d] })),
  }),
  parse: (input, ctx) => parseChildDetails(input, ctx.limits),
  toChange: (details) => ({ type: 'correct-child-details', details }),
});

export function parseChildDetails(
  input: Record<string, unknown>,
  limits: DateLimits,
): Validated<ChildDetailsInput> {
  const schema = z.object({
    // Born before the notification: a child not yet born cannot be privately fostered.
    dateOfBirth: date({
      name: "the child's date of birth",
      label: 'Date of birth',
      past: true,
      today: limits.today,
      latest: {
        iso: limits.receivedOn,
        message: `Date of birth must be on or before ${limits.receivedOnText}, when the notification was received`,
      },
    }),
    disability: choice(DISABILITY_DECISIONS, 'Select whether the council has decided the child is disabled'),
    notes: text({ label: 'Notes', max: 2000, multiline: true }),
  });
  const result = validate(schema, input);
  if (!result.ok) return result;
  const v = result.value;
  return {
    ok: true,
    value: {
      ...(v.dateOfBirth ? { dateOfBirth: v.dateOfBirth } : {}),
      disability: v.disability as ChildDetailsInput['disability'],
      ...(v.notes ? { notes: v.notes } : {}),
    },
  };
}
