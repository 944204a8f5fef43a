import * as z from 'zod/mini';
import { GssCodeSchema, isDistrictCouncilGss } from '../../../shared/domain/transfer.ts';
import { text } from '../../../shared/web/fields.ts';
import { addError, noErrors, type Validated, validate } from '../../../shared/web/form-validation.ts';
import { defineCaseAction } from './action.ts';
import { movingAway } from './tell-receiving-council.ts';

/**
 * Issue 12: staff name or correct the council the child has moved to, overriding the postcode
 * lookup (shared/domain/transfer.ts): a district spanning councils needs their confirmation, and
 * the shipped lookup (OS Code-Point Open, refreshed quarterly) may be out of date. A configured
 * council is offered by name; any other is named with its ONS GSS code, and then has no front door
 * to email (the case says so). It is the children's services authority: a county council (E10) in
 * a two-tier area, never a district council (E07).
 */
export const nameReceivingCouncilAction = defineCaseAction({
  id: 'name-receiving-council',
  changeType: 'name-receiving-council',
  template: 'name-receiving-council.njk',
  title: (reference) => `Name the receiving council: case ${reference}`,
  linkText: () => 'Name or correct the receiving council',
  doneMessage: 'Receiving council recorded',
  applies: movingAway,
  notApplicable: 'There is no move to another council waiting to be told',
  startValues: (s): Record<string, string> =>
    s.transfer ? { gss: s.transfer.receivingCouncil.gss, name: s.transfer.receivingCouncil.name } : {},
  viewData: ({ move, receivingCouncils }) => ({
    move,
    configured: (receivingCouncils ?? []).map((c) => ({ gss: c.gss, name: c.name })),
  }),
  parse: (input, ctx): Validated<{ gss: string; name: string; district?: string | undefined }> => {
    const schema = z.object({
      gss: text({ label: 'GSS code', max: 9, required: 'Enter the council’s ONS GSS code, like E08000025' }),
      name: text({ label: 'Council name', max: 200, required: 'Enter the council’s name' }),
    });
    const result = validate(schema, input);
    if (!result.ok) return result;
    const gss = (result.value.gss ?? '').toUpperCase();
    if (!z.safeParse(GssCodeSchema, gss).success) {
      const errors = noErrors();
      // In a two-tier area the county council has the children's services, not the district
      // (Children Act 1989 s.105(1); shared/domain/transfer.ts GssCodeSchema).
      addError(
        errors,
        'gss',
        isDistrictCouncilGss(gss)
          ? 'Enter the county council’s GSS code (it starts E10): a district council does not run children’s services'
          : 'Enter a GSS code for an English council with children’s services, like E08000025 or E10000016',
      );
      return { ok: false, errors };
    }
    return { ok: true, value: { gss, name: result.value.name ?? '', district: ctx.move?.district } };
  },
  toChange: (v) => ({
    type: 'name-receiving-council',
    council: { gss: v.gss, name: v.name },
    district: v.district,
  }),
});
