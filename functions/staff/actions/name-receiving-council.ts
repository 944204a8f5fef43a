import * as z from 'zod/mini';
import {
  type CandidateCouncil,
  GssCodeSchema,
  isDistrictCouncilGss,
} from '../../../shared/domain/transfer.ts';
import { choice, text } from '../../../shared/web/fields.ts';
import { addError, noErrors, type Validated, validate } from '../../../shared/web/form-validation.ts';
import { type CaseActionContext, defineCaseAction } from './action.ts';
import { movingAway } from './tell-receiving-council.ts';

/**
 * Issue 12: staff name or correct the council the child has moved to, overriding the postcode
 * lookup (shared/domain/transfer.ts): a district spanning councils needs their confirmation, and
 * the shipped lookup (OS Code-Point Open, refreshed quarterly) may be out of date. In a split
 * district the councils it lies in are offered as radios, most of its postcodes first, with
 * "Another council" for any other. A configured
 * council is offered by name; any other is named with its ONS GSS code, and then has no front door
 * to email (the case says so). It is the children's services authority: a county council (E10) in
 * a two-tier area, never a district council (E07).
 */
/** The radio for a council the postcode lookup did not offer: reveals the code and name fields. */
export const ANOTHER_COUNCIL = 'another';

interface NamedCouncil {
  gss: string;
  name: string;
  district?: string | undefined;
}

/**
 * The councils to choose from: a split district's, while staff have not said which, and again
 * when they correct the council they named (the transfer notice not yet sent, as the action
 * requires). A district in one council offers none: its code and name are typed to override it.
 */
async function candidatesOf(ctx: CaseActionContext): Promise<CandidateCouncil[]> {
  const move = ctx.move;
  if (move?.needsConfirmation) return move.needsConfirmation;
  const district = move?.transfer?.district;
  if (!district || !ctx.districtCandidates) return [];
  const councils = await ctx.districtCandidates(district);
  return councils.length > 1 ? councils : [];
}

/** A council named by its ONS GSS code and name, as staff type them. */
function parseTyped(input: Record<string, unknown>, district: string | undefined): Validated<NamedCouncil> {
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
  return { ok: true, value: { gss, name: result.value.name ?? '', district } };
}

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
    s.transfer
      ? {
          council: s.transfer.receivingCouncil.gss,
          gss: s.transfer.receivingCouncil.gss,
          name: s.transfer.receivingCouncil.name,
        }
      : {},
  viewData: async (ctx) => {
    const candidates = await candidatesOf(ctx);
    return {
      move: ctx.move,
      candidates,
      candidateCodes: candidates.map((c) => c.gss),
      anotherCouncil: ANOTHER_COUNCIL,
      configured: (ctx.receivingCouncils ?? []).map((c) => ({ gss: c.gss, name: c.name })),
    };
  },
  parse: async (input, ctx): Promise<Validated<NamedCouncil>> => {
    const district = ctx.move?.district;
    const candidates = await candidatesOf(ctx);
    // No split district to choose in: the council is typed, as it always could be.
    if (candidates.length === 0) return parseTyped(input, district);
    const values: [string, ...string[]] = [ANOTHER_COUNCIL, ...candidates.map((c) => c.gss)];
    const result = validate(
      z.object({ council: choice(values, 'Select the council the child has moved to') }),
      input,
    );
    if (!result.ok) return result;
    // A candidate is recorded as if typed (its code and the lookup's name): the same record, so the
    // transfer goes on as before. The code and name fields, hidden under "Another council", are
    // read only for that answer.
    const chosen = candidates.find((c) => c.gss === result.value.council);
    if (chosen) return { ok: true, value: { gss: chosen.gss, name: chosen.name, district } };
    return parseTyped(input, district);
  },
  toChange: (v) => ({
    type: 'name-receiving-council',
    council: { gss: v.gss, name: v.name },
    district: v.district,
  }),
});
