import * as z from 'zod/mini';
import type { VisitRequestInput } from '../../../shared/domain/case-change.ts';
import { VISIT_REQUESTER_LABELS, VISIT_REQUESTERS } from '../../../shared/domain/case-vocabulary.ts';
import { choice, date, text } from '../../../shared/web/fields.ts';
import { type Validated, validate } from '../../../shared/web/form-validation.ts';
import { type DateLimits, defineCaseAction, notBefore } from './action.ts';

/** Record that the child, the carer, a parent or someone else asked for a visit. */
export const recordVisitRequestAction = defineCaseAction({
  id: 'record-visit-request',
  changeType: 'record-visit-request',
  template: 'record-visit-request.njk',
  title: (reference) => `Record a request for a visit: case ${reference}`,
  linkText: () => 'Record a request for a visit',
  doneMessage: 'Visit request recorded',
  viewData: () => ({
    requesters: VISIT_REQUESTERS.map((r) => ({ value: r, text: VISIT_REQUESTER_LABELS[r] })),
  }),
  parse: (input, ctx) => parseVisitRequest(input, ctx.limits),
  toChange: (request) => ({ type: 'record-visit-request', request }),
});

/** Regulation 8: a visit whenever the child, the carer or a parent reasonably asks. */
export function parseVisitRequest(
  input: Record<string, unknown>,
  limits: DateLimits,
): Validated<VisitRequestInput> {
  const schema = z.object({
    requestedOn: date({
      name: 'the date the visit was asked for',
      label: 'Date asked for',
      required: true,
      past: true,
      today: limits.today,
      earliest: notBefore(limits, 'Date asked for'),
    }),
    requestedBy: choice(VISIT_REQUESTERS, 'Select who asked for the visit'),
    notes: text({ label: 'Notes', max: 2000, multiline: true }),
  });
  const result = validate(schema, input);
  if (!result.ok) return result;
  const r = result.value;
  return {
    ok: true,
    value: {
      requestedOn: r.requestedOn as string,
      requestedBy: r.requestedBy as VisitRequestInput['requestedBy'],
      ...(r.notes ? { notes: r.notes } : {}),
    },
  };
}
