import * as z from 'zod/mini';
import type { VisitInput } from '../../../shared/domain/case-change.ts';
import {
  SCHEDULE_3_MATTERS,
  type Schedule3Matter,
  VISIT_KIND_LABELS,
} from '../../../shared/domain/case-vocabulary.ts';
import { VISIT_KINDS } from '../../../shared/domain/statutory-clock.ts';
import { choice, date, singleLine, text } from '../../../shared/web/fields.ts';
import { type Validated, validate } from '../../../shared/web/form-validation.ts';
import { type DateLimits, defineCaseAction, notBefore, withErrors } from './action.ts';

/** Record a visit: initial (regulations 4 and 7), regulation 8, or on request. */
export const recordVisitAction = defineCaseAction({
  id: 'record-visit',
  changeType: 'record-visit',
  template: 'record-visit.njk',
  title: (reference) => `Record a visit: case ${reference}`,
  linkText: () => 'Record a visit',
  doneMessage: 'Visit recorded',
  viewData: (_ctx, posted) => {
    const checked = posted?.getAll('matters') ?? [];
    return {
      kinds: VISIT_KINDS.map((k) => ({ value: k, text: VISIT_KIND_LABELS[k] })),
      matters: SCHEDULE_3_MATTERS.map(([id, text]) => ({ value: id, text, checked: checked.includes(id) })),
    };
  },
  parse: (input, ctx) => parseVisit(input, ctx.limits),
  toChange: (visit) => ({ type: 'record-visit', visit }),
});

const matters = z.pipe(
  z.optional(z.union([z.string(), z.array(z.string())])),
  z.transform((raw): Schedule3Matter[] => {
    const given = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const known = new Set<string>(SCHEDULE_3_MATTERS.map(([id]) => id));
    return [...new Set(given.filter((m) => known.has(m)))] as Schedule3Matter[];
  }),
);

export function parseVisit(input: Record<string, unknown>, limits: DateLimits): Validated<VisitInput> {
  const schema = z.object({
    date: date({
      name: 'the date of the visit',
      label: 'Date of the visit',
      required: true,
      past: true,
      today: limits.today,
      earliest: notBefore(limits, 'Date of the visit'),
    }),
    kind: choice(VISIT_KINDS, 'Select what kind of visit it was'),
    // Standard Safeguarding Dataset visit fields: child seen and bedroom seen (optional, so a visit
    // recorded before they were asked stays as it was: absent means not recorded).
    childSeen: choice(['yes', 'no'] as const, 'Select yes if the child was seen', false),
    childSeenAlone: choice(['yes', 'no'] as const, 'Select yes if the child was seen alone'),
    bedroomSeen: choice(['yes', 'no'] as const, "Select yes if the child's bedroom was seen", false),
    notSeenAloneReason: text({ label: 'Reason', max: 1000, multiline: true }),
    matters,
    notes: text({ label: 'Notes', max: 5000, multiline: true }),
  });
  // Regulation 8(2)(b): the child is seen alone unless that is inappropriate; say why not. Checked
  // on what was posted, so the error shows alongside any others.
  const extra: { id: string; text: string }[] = [];
  if (
    input.childSeenAlone === 'no' &&
    singleLine(typeof input.notSeenAloneReason === 'string' ? input.notSeenAloneReason : '') === ''
  ) {
    extra.push({ id: 'notSeenAloneReason', text: 'Enter why the child was not seen alone' });
  }
  // Seen alone means seen: the two answers cannot disagree.
  if (input.childSeen === 'no' && input.childSeenAlone === 'yes') {
    extra.push({ id: 'childSeenAlone', text: 'The child cannot be seen alone if they were not seen' });
  }
  const result = validate(schema, input);
  if (!result.ok) return withErrors(result, extra);
  const v = result.value;
  return withErrors(
    {
      ok: true,
      value: {
        date: v.date as string,
        kind: v.kind as VisitInput['kind'],
        childSeenAlone: v.childSeenAlone === 'yes',
        ...(v.childSeen ? { childSeen: v.childSeen === 'yes' } : {}),
        ...(v.bedroomSeen ? { bedroomSeen: v.bedroomSeen === 'yes' } : {}),
        ...(v.childSeenAlone === 'no' && v.notSeenAloneReason
          ? { notSeenAloneReason: v.notSeenAloneReason }
          : {}),
        matters: v.matters,
        ...(v.notes ? { notes: v.notes } : {}),
      },
    },
    extra,
  );
}
