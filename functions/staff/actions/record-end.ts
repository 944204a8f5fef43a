import * as z from 'zod/mini';
import { arrangementStageOf, type EndInput } from '../../../shared/domain/case-change.ts';
import { END_REASON_LABELS, END_REASONS, type EndReason } from '../../../shared/domain/case-vocabulary.ts';
import type { CaseSnapshot } from '../../../shared/domain/stored-case.ts';
import { choice, date, text } from '../../../shared/web/fields.ts';
import { formValues, type Validated, validate } from '../../../shared/web/form-validation.ts';
import { type DateLimits, defineCaseAction, notBefore } from './action.ts';

/** Record the end of the arrangement: it cancels what was still due. */
export const recordEndAction = defineCaseAction({
  id: 'record-end',
  changeType: 'record-end',
  template: 'record-end.njk',
  title: (reference) => `Record the end of the arrangement: case ${reference}`,
  linkText: (c) => (c.proposedEndNotice ? 'Confirm the end told online' : 'Record the end'),
  doneMessage: 'End of the arrangement recorded',
  startValues: endToldOnline,
  viewData: (ctx) => ({
    reasons: endReasonsFor(ctx.snapshot).map((r) => ({ value: r, text: END_REASON_LABELS[r] })),
  }),
  parse: (input, ctx) => parseEnd(input, ctx.limits, endReasonsFor(ctx.snapshot)),
  toChange: (end) => ({ type: 'record-end', end }),
});

/**
 * An ending told online (issue 12) is a proposed end: the form starts from what the notice said,
 * for staff to check and confirm. Nothing is recorded until they do.
 */
export function endToldOnline(snapshot: CaseSnapshot): Record<string, string> {
  const ref = snapshot.caseRecord.proposedEndNotice;
  const end = snapshot.notices?.find((n) => n.notice.noticeRef === ref)?.notice.end;
  if (!end) return {};
  const address = end.newAddress ? [end.newAddress.line1, end.newAddress.town, end.newAddress.postcode] : [];
  return {
    ...formValues({ endedOn: end.endedOn }, ['endedOn']),
    reason: end.reason,
    ...(end.newCarerName ? { newCarerName: end.newCarerName } : {}),
    ...(address.some(Boolean) ? { newCarerAddress: address.filter(Boolean).join('\n') } : {}),
    notes: `Told online (notice ${ref})${end.whereGone ? `: ${end.whereGone}` : ''}`.slice(0, 2000),
  };
}

/**
 * The reasons that fit the case: a proposal the child never moved into closes as "did not go
 * ahead" (first, as the likely one), and only such a proposal can; it may also have been
 * prohibited (s.69) or overtaken before it started. An arrangement that started ends for one of
 * the reasons in domain.md "When it ends".
 */
export function endReasonsFor(snapshot: CaseSnapshot): readonly EndReason[] {
  const notStarted =
    arrangementStageOf(snapshot.caseRecord, snapshot) === 'proposed' && snapshot.moveIn === undefined;
  return notStarted
    ? ['did-not-go-ahead', ...END_REASONS.filter((r) => r !== 'did-not-go-ahead')]
    : END_REASONS.filter((r) => r !== 'did-not-go-ahead');
}

export function parseEnd(
  input: Record<string, unknown>,
  limits: DateLimits,
  reasons: readonly EndReason[] = END_REASONS.filter((r) => r !== 'did-not-go-ahead'),
): Validated<EndInput> {
  const schema = z.object({
    endedOn: date({
      name: 'the date the arrangement ended',
      label: 'Date it ended',
      required: true,
      past: true,
      today: limits.today,
      earliest: notBefore(limits, 'Date it ended'),
    }),
    reason: choice(reasons as [EndReason, ...EndReason[]], 'Select why the arrangement ended'),
    newCarerName: text({ label: "New carer's name", max: 200 }),
    newCarerAddress: text({ label: "New carer's address", max: 500, multiline: true }),
    newCarerPhone: text({ label: "New carer's phone number", max: 40 }),
    notes: text({ label: 'Notes', max: 2000, multiline: true }),
  });
  const result = validate(schema, input);
  if (!result.ok) return result;
  const e = result.value;
  const newCarer = {
    ...(e.newCarerName ? { name: e.newCarerName } : {}),
    ...(e.newCarerAddress ? { address: e.newCarerAddress } : {}),
    ...(e.newCarerPhone ? { phone: e.newCarerPhone } : {}),
  };
  return {
    ok: true,
    value: {
      endedOn: e.endedOn as string,
      reason: e.reason as EndInput['reason'],
      ...(Object.keys(newCarer).length ? { newCarer } : {}),
      ...(e.notes ? { notes: e.notes } : {}),
    },
  };
}
