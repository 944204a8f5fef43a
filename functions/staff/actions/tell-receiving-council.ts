import * as z from 'zod/mini';
import type { CaseSnapshot } from '../../../shared/domain/stored-case.ts';
import { choice } from '../../../shared/web/fields.ts';
import { addError, noErrors, type Validated, validate } from '../../../shared/web/form-validation.ts';
import { defineCaseAction } from './action.ts';

/** A move out of the area the case knows of, with no transfer notice sent yet. */
export const movingAway = (s: CaseSnapshot): boolean =>
  (s.caseRecord.movingOutOfArea !== undefined ||
    s.end?.newCarer?.address !== undefined ||
    s.transfer !== undefined) &&
  !s.transfer?.sentAt;

/**
 * Issue 12: the front door tells the council the child has moved to (domain.md "A move to another
 * area: the receiving council should be told"). The email carries the reference, the fact of the
 * move and a contact (shared/mail/transfer-notice.ts); the case page's change sends it once the
 * transfer is recorded (case-actions.ts). Only to the front door configured for that council.
 */
export const tellReceivingCouncilAction = defineCaseAction({
  id: 'tell-receiving-council',
  changeType: 'send-transfer',
  template: 'tell-receiving-council.njk',
  title: (reference) => `Tell the receiving council: case ${reference}`,
  linkText: () => 'Tell the receiving council',
  doneMessage: 'Transfer notice sent to the receiving council',
  applies: movingAway,
  notApplicable: 'There is no move to another council waiting to be told',
  viewData: ({ move }) => ({ move }),
  parse: (
    input,
    ctx,
  ): Validated<{
    gss: string;
    name: string;
    district?: string;
    sentTo: string;
    source: 'lookup' | 'staff';
  }> => {
    const result = validate(
      z.object({ confirm: choice(['yes'] as const, 'Confirm the council to tell') }),
      input,
    );
    if (!result.ok) return result;
    const move = ctx.move;
    if (!move?.council) {
      const errors = noErrors();
      addError(errors, 'confirm', 'Name the receiving council first');
      return { ok: false, errors };
    }
    if (!move.frontDoorEmail) {
      const errors = noErrors();
      addError(
        errors,
        'confirm',
        `No front-door address is configured for ${move.council.name}: tell them by the agreed secure route`,
      );
      return { ok: false, errors };
    }
    return {
      ok: true,
      value: {
        gss: move.council.gss,
        name: move.council.name,
        ...(move.district ? { district: move.district } : {}),
        sentTo: move.frontDoorEmail,
        source: move.transfer ? 'staff' : 'lookup',
      },
    };
  },
  toChange: (v) => ({
    type: 'send-transfer',
    council: { gss: v.gss, name: v.name },
    source: v.source,
    district: v.district,
    sentTo: v.sentTo,
  }),
});
