import * as z from 'zod/mini';
import { choice, email } from '../../../shared/web/fields.ts';
import { type Validated, validate } from '../../../shared/web/form-validation.ts';
import { defineCaseAction, withErrors } from './action.ts';

/** Allocate (or reallocate) a case to a caseworker: the designated manager only. */
export const allocateAction = defineCaseAction({
  id: 'allocate',
  changeType: 'allocate',
  template: 'allocate.njk',
  title: (reference) => `Allocate case ${reference}`,
  linkText: (c) => (c.allocatedTo ? 'Reallocate' : 'Allocate'),
  doneMessage: 'Case allocated',
  startValues: (snapshot): Record<string, string> =>
    snapshot.caseRecord.allocatedTo ? { caseworker: snapshot.caseRecord.allocatedTo } : {},
  viewData: async (ctx) => ({
    caseworkers: [
      ...(await ctx.knownCaseworkers()).map((k) => ({ value: k.email, text: `${k.name} (${k.email})` })),
      { value: OTHER_CASEWORKER, text: 'Another caseworker' },
    ],
  }),
  parse: async (input, ctx) => parseAllocation(input, await ctx.knownCaseworkers()),
  toChange: (caseworker) => ({ type: 'allocate', caseworker }),
});

export const OTHER_CASEWORKER = 'other';

export function parseAllocation(
  input: Record<string, unknown>,
  known: readonly { email: string; name: string; subject?: string }[],
): Validated<{ email: string; name: string | undefined; subject?: string }> {
  const schema = z.object({
    caseworker: choice(
      [OTHER_CASEWORKER, ...known.map((k) => k.email)] as [string, ...string[]],
      'Select the caseworker to allocate the case to',
    ),
    otherEmail: email(),
  });
  const result = validate(schema, input);
  if (!result.ok) return result;
  const { caseworker, otherEmail } = result.value;
  if (caseworker === OTHER_CASEWORKER) {
    if (!otherEmail) {
      return withErrors({ ok: true, value: { email: '', name: undefined } }, [
        { id: 'otherEmail', text: "Enter the caseworker's email address" },
      ]);
    }
    const match = known.find((k) => k.email === otherEmail.toLowerCase());
    return { ok: true, value: { email: otherEmail.toLowerCase(), name: match?.name, ...subjectOf(match) } };
  }
  const match = known.find((k) => k.email === caseworker);
  return { ok: true, value: { email: caseworker as string, name: match?.name, ...subjectOf(match) } };
}

/** The caseworker's subject when the directory or their sign-in told us it (issue 13). */
function subjectOf(match: { subject?: string } | undefined): { subject?: string } {
  return match?.subject ? { subject: match.subject } : {};
}
