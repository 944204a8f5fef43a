import * as z from 'zod/mini';
import type { RestrictionInput } from '../../../shared/domain/case-change.ts';
import {
  CONSENT_DECISION_LABELS,
  CONSENT_DECISIONS,
  DISQUALIFIED_PEOPLE,
  DISQUALIFIED_PERSON_LABELS,
  RESTRICTION_KIND_LABELS,
  RESTRICTION_KINDS,
} from '../../../shared/domain/front-door.ts';
import { choice, date, text } from '../../../shared/web/fields.ts';
import { type Validated, validate } from '../../../shared/web/form-validation.ts';
import { type DateLimits, defineCaseAction, withErrors } from './action.ts';

/**
 * Record a written decision that restricts the arrangement (designated manager or a deputy):
 * consent or refusal for a disqualified carer or household member (Children Act 1989 s.68), a
 * prohibition (s.69) or requirements (Sch. 8 para 6). The appeal date (Sch. 8 para 8) is worked
 * out from the notice's date in shared/domain/front-door.ts. The case stays open and its visits
 * continue: the arrangement ends only when an end is recorded.
 */
export const recordRestrictionAction = defineCaseAction({
  id: 'record-restriction',
  changeType: 'record-restriction',
  template: 'record-restriction.njk',
  title: (reference) => `Record a consent decision, prohibition or requirements: case ${reference}`,
  linkText: () => 'Record a consent decision, prohibition or requirements',
  doneMessage: 'Written decision recorded',
  viewData: () => ({
    kinds: RESTRICTION_KINDS.map((k) => ({ value: k, text: RESTRICTION_KIND_LABELS[k] })),
    decisions: CONSENT_DECISIONS.map((d) => ({ value: d, text: CONSENT_DECISION_LABELS[d] })),
    people: DISQUALIFIED_PEOPLE.map((p) => ({ value: p, text: DISQUALIFIED_PERSON_LABELS[p] })),
  }),
  parse: (input, ctx) => parseRestriction(input, ctx.limits),
  toChange: (restriction) => ({ type: 'record-restriction', restriction }),
});

export function parseRestriction(
  input: Record<string, unknown>,
  limits: DateLimits,
): Validated<RestrictionInput> {
  const schema = z.object({
    kind: choice(RESTRICTION_KINDS, 'Select what the council decided'),
    decision: choice(CONSENT_DECISIONS, 'Select whether consent was given or refused', false),
    person: choice(DISQUALIFIED_PEOPLE, 'Select who is disqualified', false),
    noticeOn: date({
      name: 'the date of the written notice',
      label: 'Date of the written notice',
      required: true,
      past: true,
      today: limits.today,
    }),
    reasons: text({ label: 'Reasons', max: 2000, multiline: true, required: 'Enter the reasons' }),
  });
  const result = validate(schema, input);
  // Consent and the person it concerns belong to a disqualification only (s.68). Asked for from
  // the answers as posted, so they are listed with any other error on the page.
  const extra =
    input.kind === 'disqualification'
      ? [
          ...(input.person ? [] : [{ id: 'person', text: 'Select who is disqualified' }]),
          ...(input.decision
            ? []
            : [{ id: 'decision', text: 'Select whether consent was given or refused' }]),
        ]
      : [];
  const checked = withErrors(result, extra);
  if (!checked.ok) return checked;
  const r = checked.value;
  const kind = r.kind as RestrictionInput['kind'];
  return {
    ok: true,
    value: {
      kind,
      noticeOn: r.noticeOn as string,
      reasons: r.reasons as string,
      ...(kind === 'disqualification' && r.decision ? { decision: r.decision } : {}),
      ...(kind === 'disqualification' && r.person ? { person: r.person } : {}),
    },
  };
}
