import * as z from 'zod/mini';
import type {
  CheckInput,
  DecisionInput,
  EndInput,
  SafetyPlanInput,
  VisitInput,
  VisitRequestInput,
} from '../../shared/domain/case-change.ts';
import {
  CHECK_OUTCOMES,
  DECISION_OUTCOMES,
  END_REASONS,
  isDbsCheck,
  SCHEDULE_3_MATTERS,
  type Schedule3Matter,
  VISIT_REQUESTERS,
} from '../../shared/domain/case-vocabulary.ts';
import { CHECK_TYPES, VISIT_KINDS } from '../../shared/domain/statutory-clock.ts';
import { checkbox, choice, date, email, singleLine, text } from '../../shared/web/fields.ts';
import { addError, type FormErrors, type Validated, validate } from '../../shared/web/form-validation.ts';

/**
 * The staff forms: what each posts, its GOV.UK error wording, and the value recorded. Dates are
 * checked against the case: nothing before the notification arrived, nothing in the future.
 */
export interface DateLimits {
  /** Today in London. */
  today: string;
  /** The notification's London date. */
  receivedOn: string;
  receivedOnText: string;
}

const notBefore = (limits: DateLimits, label: string) => ({
  iso: limits.receivedOn,
  message: `${label} must be on or after ${limits.receivedOnText}, when the notification was received`,
});

function finish<T>(result: Validated<T>, extra: { id: string; text: string }[] = []): Validated<T> {
  if (extra.length === 0) return result;
  const errors: FormErrors = result.ok ? { list: [], byId: {} } : result.errors;
  for (const e of extra) addError(errors, e.id, e.text);
  return { ok: false, errors };
}

// ---- allocate -----------------------------------------------------------------------------------

export const OTHER_CASEWORKER = 'other';

export function parseAllocation(
  input: Record<string, unknown>,
  known: readonly { email: string; name: string }[],
): Validated<{ email: string; name: string | undefined }> {
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
      return finish({ ok: true, value: { email: '', name: undefined } }, [
        { id: 'otherEmail', text: "Enter the caseworker's email address" },
      ]);
    }
    const match = known.find((k) => k.email === otherEmail.toLowerCase());
    return { ok: true, value: { email: otherEmail.toLowerCase(), name: match?.name } };
  }
  const match = known.find((k) => k.email === caseworker);
  return { ok: true, value: { email: caseworker as string, name: match?.name } };
}

// ---- record a visit -------------------------------------------------------------------------------

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
    childSeenAlone: choice(['yes', 'no'] as const, 'Select yes if the child was seen alone'),
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
  const result = validate(schema, input);
  if (!result.ok) return finish(result, extra);
  const v = result.value;
  return finish(
    {
      ok: true,
      value: {
        date: v.date as string,
        kind: v.kind as VisitInput['kind'],
        childSeenAlone: v.childSeenAlone === 'yes',
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

// ---- record a check -------------------------------------------------------------------------------

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
  return finish(
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

// ---- record a visit request -----------------------------------------------------------------------

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

// ---- record the interim safety plan ---------------------------------------------------------------

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

// ---- record the end -------------------------------------------------------------------------------

export function parseEnd(input: Record<string, unknown>, limits: DateLimits): Validated<EndInput> {
  const schema = z.object({
    endedOn: date({
      name: 'the date the arrangement ended',
      label: 'Date it ended',
      required: true,
      past: true,
      today: limits.today,
      earliest: notBefore(limits, 'Date it ended'),
    }),
    reason: choice(END_REASONS, 'Select why the arrangement ended'),
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

// ---- record the decision --------------------------------------------------------------------------

export function parseDecision(input: Record<string, unknown>, limits: DateLimits): Validated<DecisionInput> {
  const schema = z.object({
    decidedOn: date({
      name: 'the date of the decision',
      label: 'Date of the decision',
      required: true,
      past: true,
      today: limits.today,
      earliest: notBefore(limits, 'Date of the decision'),
    }),
    outcome: choice(DECISION_OUTCOMES, 'Select the decision'),
    notes: text({ label: 'Notes', max: 2000, multiline: true }),
  });
  const result = validate(schema, input);
  if (!result.ok) return result;
  const d = result.value;
  return {
    ok: true,
    value: {
      decidedOn: d.decidedOn as string,
      outcome: d.outcome as DecisionInput['outcome'],
      ...(d.notes ? { notes: d.notes } : {}),
    },
  };
}
