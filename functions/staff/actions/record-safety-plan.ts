import * as z from 'zod/mini';
import type { SafetyPlanInput } from '../../../shared/domain/case-change.ts';
import type { CaseSnapshot } from '../../../shared/domain/stored-case.ts';
import { date, text } from '../../../shared/web/fields.ts';
import { type Validated, validate } from '../../../shared/web/form-validation.ts';
import { longDate } from '../view-models.ts';
import { type DateLimits, defineCaseAction, notBefore } from './action.ts';

const planDue = (snapshot: CaseSnapshot) =>
  snapshot.obligations.find((o) => o.kind === 'interim-safety-plan' && o.status !== 'cancelled');

/**
 * Record the interim police checks and safety plan agreed while a DBS check is delayed: only while
 * the open case has one to make (a DBS check recorded as delayed).
 */
export const recordSafetyPlanAction = defineCaseAction({
  id: 'record-safety-plan',
  changeType: 'record-safety-plan',
  template: 'record-safety-plan.njk',
  title: (reference) => `Record the interim safety plan: case ${reference}`,
  linkText: () => 'Record the interim safety plan',
  doneMessage: 'Interim safety plan recorded',
  applies: (snapshot) => snapshot.caseRecord.status === 'open' && planDue(snapshot) !== undefined,
  notApplicable: 'There is no interim safety plan to record for this case',
  viewData: (ctx) => {
    const plan = ctx.snapshot.obligations.find((o) => o.kind === 'interim-safety-plan');
    return { due: longDate(plan?.due), basis: plan?.basis };
  },
  parse: (input, ctx) => parseSafetyPlan(input, ctx.limits),
  toChange: (plan) => ({ type: 'record-safety-plan', plan }),
});

export function parseSafetyPlan(
  input: Record<string, unknown>,
  limits: DateLimits,
): Validated<SafetyPlanInput> {
  const schema = z.object({
    agreedOn: date({
      name: 'the date the plan was agreed',
      label: 'Date agreed',
      required: true,
      past: true,
      today: limits.today,
      earliest: notBefore(limits, 'Date agreed'),
    }),
    notes: text({
      label: 'The plan',
      max: 2000,
      multiline: true,
      required: 'Enter the interim police checks made and the safety measures agreed',
    }),
  });
  const result = validate(schema, input);
  if (!result.ok) return result;
  return {
    ok: true,
    value: { agreedOn: result.value.agreedOn as string, notes: result.value.notes as string },
  };
}
