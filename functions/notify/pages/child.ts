import * as z from 'zod/mini';
import { choice, date, text, wholeNumber } from '../../../shared/web/fields.ts';
import { definePage, formatDate, line } from '../page.ts';

export const SEX_LABELS = { female: 'Female', male: 'Male', unknown: 'I do not know' } as const;
const SEXES = ['female', 'male', 'unknown'] as const;

/** Schedule 1, paragraph 1: the child. */
export const childPage = definePage({
  id: 'child',
  path: '/the-child',
  template: 'child.njk',
  title: 'The child',
  section: 'The child',
  fields: (ctx) =>
    z.object({
      name: text({ label: "The child's full name", max: 200 }),
      sex: choice(SEXES, "Select the child's sex", false),
      dateOfBirth: date({
        name: "the child's date of birth",
        label: 'Date of birth',
        past: true,
        earliest: { iso: '1990-01-01', message: 'Date of birth must be after 1 January 1990' },
        today: ctx.today,
      }),
      // A number a caseworker can act on: up to 18, the oldest a disabled child can be privately
      // fostered (Children Act 1989, s.66(4)), so an unsure "18" is still taken.
      approximateAge: wholeNumber({ label: 'Approximate age', min: 0, max: 18 }),
    }),
  // Whether the child is disabled is asked once, on "Is this private fostering?" (it decides
  // whether a 16 or 17 year old is privately fostered); the notification takes it from there.
  toValue: (v) => v,
  summary: (v) => [
    { key: 'Full name', field: 'name', lines: line(v?.name) },
    { key: 'Sex', field: 'sex', lines: line(v?.sex && SEX_LABELS[v.sex]) },
    { key: 'Date of birth', field: 'dateOfBirth-day', lines: line(formatDate(v?.dateOfBirth)) },
    ...(v?.approximateAge || !v?.dateOfBirth
      ? [{ key: 'Approximate age', field: 'approximateAge', lines: line(v?.approximateAge) }]
      : []),
  ],
  // The hint's example is a birthday a child in this form could have: about 10 years ago, from the
  // clock passed in, so it never drifts (a fixed "27 3 2026" read as a baby's, or the future).
  viewData: (ctx) => ({
    dateOfBirthHint: `For example, 27 3 ${Number(ctx.today.slice(0, 4)) - 10}. You can write the month as a word, like March.`,
    sexItems: SEXES.map((value) => ({ value, text: SEX_LABELS[value] })),
  }),
});
