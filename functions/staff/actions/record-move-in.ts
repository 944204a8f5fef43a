import * as z from 'zod/mini';
import { arrangementStageOf, type MoveInInput } from '../../../shared/domain/case-change.ts';
import { formatLongDate } from '../../../shared/domain/local-date.ts';
import { date, dateToParts, text } from '../../../shared/web/fields.ts';
import { type Validated, validate } from '../../../shared/web/form-validation.ts';
import { type DateLimits, defineCaseAction, notBefore, withErrors } from './action.ts';

/**
 * Record that the child has moved in to a proposed arrangement: the date the council was told
 * (regulation 6), from which the move-in visit is due (regulation 7: 7 working days) and the
 * regulation 8 visits start. Recorded again, it corrects the date.
 */
export const recordMoveInAction = defineCaseAction({
  id: 'record-move-in',
  changeType: 'record-move-in',
  template: 'record-move-in.njk',
  title: (reference) => `Record that the child has moved in: case ${reference}`,
  linkText: () => 'Record that the child has moved in',
  doneMessage: 'Move-in recorded: the move-in visit is now due',
  applies: (snapshot) =>
    snapshot.caseRecord.status === 'open' && arrangementStageOf(snapshot.caseRecord, snapshot) === 'proposed',
  notApplicable: 'A move-in is recorded only for a proposed arrangement',
  startValues: (snapshot): Record<string, string> => {
    const m = snapshot.moveIn;
    if (!m) return {};
    const told = dateToParts(m.toldOn);
    const moved = dateToParts(m.movedInOn);
    return {
      'toldOn-day': told.day,
      'toldOn-month': told.month,
      'toldOn-year': told.year,
      'movedInOn-day': moved.day,
      'movedInOn-month': moved.month,
      'movedInOn-year': moved.year,
      notes: m.notes ?? '',
    };
  },
  viewData: (ctx) => ({
    previously: ctx.snapshot.moveIn ? formatLongDate(ctx.snapshot.moveIn.toldOn) : undefined,
  }),
  parse: (input, ctx) => parseMoveIn(input, ctx.limits),
  toChange: (moveIn) => ({ type: 'record-move-in', moveIn }),
});

export function parseMoveIn(input: Record<string, unknown>, limits: DateLimits): Validated<MoveInInput> {
  const schema = z.object({
    toldOn: date({
      name: 'the date the council was told the child moved in',
      label: 'Date the council was told',
      required: true,
      past: true,
      today: limits.today,
      earliest: notBefore(limits, 'Date the council was told'),
    }),
    movedInOn: date({
      name: 'the date the child moved in',
      label: 'Date the child moved in',
      past: true,
      today: limits.today,
    }),
    notes: text({ label: 'Notes', max: 2000, multiline: true }),
  });
  const result = validate(schema, input);
  if (!result.ok) return result;
  const v = result.value;
  const toldOn = v.toldOn as string;
  // The council can only be told of a move-in that has happened.
  const extra =
    v.movedInOn && v.movedInOn > toldOn
      ? [
          {
            id: 'movedInOn',
            text: 'Date the child moved in must be on or before the date the council was told',
          },
        ]
      : [];
  return withErrors(
    {
      ok: true,
      value: {
        toldOn,
        ...(v.movedInOn ? { movedInOn: v.movedInOn } : {}),
        ...(v.notes ? { notes: v.notes } : {}),
      },
    },
    extra,
  );
}
