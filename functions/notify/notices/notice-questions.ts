/**
 * The questions of the two notice journeys (issue 12), as data: "Tell us about a change"
 * (regulation 9) and "Tell us a private fostering arrangement has ended" (regulation 10). Each
 * step parses its posted input with the shared field rules; the notice is built from the answers
 * only when every step parses (notice-pages.ts does the HTTP part).
 */
import * as z from 'zod/mini';
import { END_REASON_LABELS, END_REASONS } from '../../../shared/domain/case-vocabulary.ts';
import {
  CHANGE_TYPE_LABELS,
  CHANGE_TYPES,
  type Notice,
  type NoticeKind,
  NoticeSchema,
  TELLER_RELATIONSHIP_LABELS,
  TELLER_RELATIONSHIPS,
} from '../../../shared/domain/notice.ts';
import { normaliseReference } from '../../../shared/domain/reference.ts';

export { noticeSummaryRows as summaryRows } from '../../../shared/domain/notice.ts';

import { choice, date, email, phone, postcode, text } from '../../../shared/web/fields.ts';
import { addError, type Validated, validate } from '../../../shared/web/form-validation.ts';

export const NOTICE_STEPS = ['about', 'details', 'you'] as const;
export type NoticeStep = (typeof NOTICE_STEPS)[number];

/** Where each journey lives, and its words. */
export const NOTICE_JOURNEYS: Record<NoticeKind, { base: string; title: string; sentTitle: string }> = {
  change: {
    base: '/tell-us-about-a-change',
    title: 'Tell us about a change',
    sentTitle: 'Change sent',
  },
  end: {
    base: '/tell-us-an-arrangement-has-ended',
    title: 'Tell us a private fostering arrangement has ended',
    sentTitle: 'End of arrangement sent',
  },
};

export const STEP_TITLES: Record<NoticeKind, Record<NoticeStep, string>> = {
  change: {
    about: 'About the child and the carer',
    details: 'What has changed?',
    you: 'About you',
  },
  end: {
    about: 'About the child and the carer',
    details: 'About the end of the arrangement',
    you: 'About you',
  },
};

/** Date fields per step, for showing stored answers back (formValues). */
export const DATE_FIELDS: Record<NoticeStep, string[]> = {
  about: ['childDob'],
  details: ['on', 'endedOn'],
  you: [],
};

const options = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((v) => ({ value: v, text: labels[v] }));

export function stepViewData(kind: NoticeKind, step: NoticeStep): Record<string, unknown> {
  if (step === 'details' && kind === 'change')
    return { changeTypes: options(CHANGE_TYPES, CHANGE_TYPE_LABELS) };
  if (step === 'details' && kind === 'end') return { reasons: options(END_REASONS, END_REASON_LABELS) };
  if (step === 'you') return { relationships: options(TELLER_RELATIONSHIPS, TELLER_RELATIONSHIP_LABELS) };
  return {};
}

const newAddress = z.optional(
  z.object({
    line1: text({ label: 'New address line 1', max: 200 }),
    town: text({ label: 'Town or city', max: 100 }),
    postcode: postcode({ uk: true, label: 'Postcode' }),
  }),
);

type StepValue = Record<string, unknown>;

/** Parses one step's posted (or stored) input. `today` is London's date, passed in. */
export function parseStep(
  kind: NoticeKind,
  step: NoticeStep,
  input: unknown,
  today: string,
): Validated<StepValue> {
  if (step === 'about') {
    const result = validate(
      z.object({
        caseReference: text({ label: 'Case reference', max: 20 }),
        childName: text({
          label: 'The child’s full name',
          max: 200,
          required: 'Enter the child’s full name',
        }),
        childDob: date({ name: 'the child’s date of birth', label: 'Date of birth', past: true, today }),
        carerName: text({ label: 'The carer’s full name', max: 200 }),
        carer: z.optional(
          z.object({
            line1: text({ label: 'Address line 1', max: 200 }),
            postcode: postcode({ uk: true, label: 'Postcode' }),
          }),
        ),
      }),
      input,
    );
    if (!result.ok) return result;
    const ref = result.value.caseReference;
    if (ref && !normaliseReference(ref)) {
      const errors = { list: [], byId: {} };
      addError(
        errors,
        'caseReference',
        'Enter the case reference as it was given to you, like 7KX3M9QP, or leave it empty',
      );
      return { ok: false, errors };
    }
    return result;
  }
  if (step === 'details' && kind === 'change') {
    return validate(
      z.object({
        what: choice(CHANGE_TYPES, 'Select what has changed'),
        on: date({ name: 'the date of the change', label: 'Date of the change', past: true, today }),
        details: text({ label: 'Details', max: 2000, multiline: true }),
        newAddress,
      }),
      input,
    );
  }
  if (step === 'details') {
    return validate(
      z.object({
        reason: choice(END_REASONS, 'Select why the arrangement ended'),
        endedOn: date({ name: 'the date it ended', label: 'Date it ended', past: true, today }),
        whereGone: text({ label: 'Where the child has gone', max: 500, multiline: true }),
        newCarerName: text({ label: 'The new carer’s name', max: 200 }),
        newAddress,
      }),
      input,
    );
  }
  const result = validate(
    z.object({
      tellerName: text({ label: 'Your full name', max: 200, required: 'Enter your full name' }),
      relationship: choice(TELLER_RELATIONSHIPS, 'Select how you know the child'),
      email: email(),
      phone: phone(),
    }),
    input,
  );
  if (result.ok && !result.value.email && !result.value.phone) {
    const errors = { list: [], byId: {} };
    addError(errors, 'email', 'Enter an email address or a phone number, so we can contact you');
    return { ok: false, errors };
  }
  return result;
}

const drop = <T extends Record<string, unknown>>(o: T): T | undefined => {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined && v !== '');
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
};

/**
 * The notice from every step's stored answers, or the first step that does not parse (it was
 * changed, or never answered).
 */
export function buildNotice(
  kind: NoticeKind,
  answers: Record<string, unknown>,
  meta: { noticeRef: string; receivedAt: string; today: string },
): { ok: true; notice: Notice } | { ok: false; step: NoticeStep } {
  const parsed: Partial<Record<NoticeStep, StepValue>> = {};
  for (const step of NOTICE_STEPS) {
    const result = parseStep(kind, step, answers[`notice-${kind}-${step}`], meta.today);
    if (!result.ok) return { ok: false, step };
    parsed[step] = result.value;
  }
  const about = parsed.about as StepValue;
  const details = parsed.details as StepValue;
  const you = parsed.you as StepValue;
  const carer = (about.carer ?? {}) as { line1?: string; postcode?: string };
  const candidate = {
    noticeRef: meta.noticeRef,
    kind,
    receivedAt: meta.receivedAt,
    ...(about.caseReference ? { caseReference: normaliseReference(String(about.caseReference)) } : {}),
    child: drop({ name: about.childName, dateOfBirth: about.childDob }),
    carer: drop({ name: about.carerName, addressLine1: carer.line1, postcode: carer.postcode }) ?? {},
    ...(kind === 'change'
      ? {
          change: drop({
            what: details.what,
            on: details.on,
            details: details.details,
            newAddress: drop((details.newAddress ?? {}) as Record<string, unknown>),
          }),
        }
      : {
          end: drop({
            reason: details.reason,
            endedOn: details.endedOn,
            whereGone: details.whereGone,
            newCarerName: details.newCarerName,
            newAddress: drop((details.newAddress ?? {}) as Record<string, unknown>),
          }),
        }),
    teller: drop({
      name: you.tellerName,
      relationship: you.relationship,
      email: you.email,
      phone: you.phone,
    }),
  };
  const checked = z.safeParse(NoticeSchema, candidate);
  return checked.success ? { ok: true, notice: checked.data } : { ok: false, step: 'about' };
}
