import * as z from 'zod/mini';
import type { CheckInput } from '../../../shared/domain/case-change.ts';
import { CHECK_OUTCOME_LABELS, CHECK_OUTCOMES, isDbsCheck } from '../../../shared/domain/case-vocabulary.ts';
import { CHECK_TYPES } from '../../../shared/domain/statutory-clock.ts';
import { checkbox, choice, date, text } from '../../../shared/web/fields.ts';
import { type Validated, validate } from '../../../shared/web/form-validation.ts';
import { CHECK_OPTIONS } from '../view-models.ts';
import { type DateLimits, defineCaseAction, notBefore, withErrors } from './action.ts';

/** Record a check (requested, completed, its outcome), or a DBS check as delayed. */
export const recordCheckAction = defineCaseAction({
  id: 'record-check',
  changeType: 'record-check',
  template: 'record-check.njk',
  title: (reference) => `Record a check: case ${reference}`,
  linkText: () => 'Record a check',
  doneMessage: 'Check recorded',
  viewData: () => ({
    checkTypes: CHECK_OPTIONS,
    outcomes: CHECK_OUTCOMES.map((o) => ({ value: o, text: CHECK_OUTCOME_LABELS[o] })),
  }),
  parse: (input, ctx) => parseCheck(input, ctx.limits),
  toChange: (check) => ({ type: 'record-check', check }),
});

export function parseCheck(input: Record<string, unknown>, limits: DateLimits): Validated<CheckInput> {
  const schema = z.object({
    checkType: choice(CHECK_TYPES, 'Select the check'),
    person: text({ label: 'Person checked', max: 200 }),
    requestedOn: date({
      name: 'the date the check was requested',
      label: 'Date requested',
      past: true,
      today: limits.today,
      earliest: notBefore(limits, 'Date requested'),
    }),
    completedOn: date({
      name: 'the date the check was completed',
      label: 'Date completed',
      past: true,
      today: limits.today,
      earliest: notBefore(limits, 'Date completed'),
    }),
    outcome: choice(CHECK_OUTCOMES, 'Select the outcome', false),
    delayed: checkbox(),
    delayReason: text({ label: 'Why the check is delayed', max: 1000, multiline: true }),
    notes: text({ label: 'Notes', max: 2000, multiline: true }),
  });
  const result = validate(schema, input);
  if (!result.ok) return result;
  const c = result.value;
  const extra: { id: string; text: string }[] = [];
  // A delayed DBS check calls for interim police checks and a safety plan (Croydon 2024). Only a
  // person records the delay: a check merely past its due date shows as overdue and is escalated.
  if (c.delayed) {
    if (c.checkType && !isDbsCheck(c.checkType as CheckInput['checkType'])) {
      extra.push({ id: 'delayed', text: 'Only a DBS check can be recorded as delayed' });
    } else if (c.completedOn) {
      extra.push({
        id: 'delayed',
        text: 'A completed check is not delayed: leave the date completed blank, or untick delayed',
      });
    }
    if (!c.delayReason) extra.push({ id: 'delayReason', text: 'Enter why the check is delayed' });
  }
  if (!c.requestedOn && !c.completedOn) {
    extra.push({
      id: 'requestedOn',
      text: 'Enter the date the check was requested, or the date it was completed',
    });
  }
  if (c.requestedOn && c.completedOn && c.completedOn < c.requestedOn) {
    extra.push({ id: 'completedOn', text: 'Date completed must be on or after the date requested' });
  }
  if (c.completedOn && !c.outcome) extra.push({ id: 'outcome', text: 'Select the outcome of the check' });
  if (!c.completedOn && c.outcome)
    extra.push({ id: 'completedOn', text: 'Enter the date the check was completed' });
  return withErrors(
    {
      ok: true,
      value: {
        checkType: c.checkType as CheckInput['checkType'],
        ...(c.person ? { person: c.person } : {}),
        ...(c.requestedOn ? { requestedOn: c.requestedOn } : {}),
        ...(c.completedOn ? { completedOn: c.completedOn } : {}),
        ...(c.outcome ? { outcome: c.outcome } : {}),
        ...(c.delayed ? { delayed: true } : {}),
        ...(c.delayed && c.delayReason ? { delayReason: c.delayReason } : {}),
        ...(c.notes ? { notes: c.notes } : {}),
      },
    },
    extra,
  );
}
