import * as z from 'zod/mini';
import { checkbox, choice, date, text } from '../../../shared/web/fields.ts';
import { definePage, formatDate, line } from '../page.ts';

const YES_NO = ['yes', 'no'] as const;
/**
 * Whether the child already lives with the carer, in plain words: "not yet" makes it a proposed
 * arrangement (regulation 3: the council visits before the child moves in), "yes" one already
 * running (regulation 5). "Not sure" is allowed: the council finds out.
 */
const LIVES_THERE = ['yes', 'no', 'unknown'] as const;
const LIVES_THERE_LABELS: Record<(typeof LIVES_THERE)[number], string> = {
  yes: 'Yes',
  no: 'Not yet',
  unknown: 'Not sure',
};
const DATE_PARTS = ['day', 'month', 'year'];

function addYears(iso: string, years: number): string {
  return `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`;
}

/** Schedule 1, paragraph 7: when it began or will begin, how long, and why. */
export const arrangementPage = definePage({
  id: 'arrangement',
  path: '/the-arrangement',
  template: 'arrangement.njk',
  title: 'The arrangement',
  section: 'The arrangement',
  fields: (ctx) =>
    z.object({
      childLivesThereNow: choice(LIVES_THERE, 'Select whether the child already lives with the carer'),
      startDate: date({
        name: 'the date the arrangement started or will start',
        label: 'Start date',
        earliest: { iso: '1990-01-01', message: 'Start date must be after 1 January 1990' },
        latest: {
          iso: addYears(ctx.today, 2),
          message: 'Start date must be within the next 2 years',
        },
        today: ctx.today,
      }),
      startDateUnknown: checkbox(),
      intendedDuration: text({ label: 'How long the arrangement is meant to last', max: 500 }),
      purpose: text({ label: 'Why the arrangement was made', max: 2000, multiline: true }),
      immediateSafetyConcern: choice(
        YES_NO,
        'Select yes if you are worried about the child’s safety right now',
      ),
    }),
  check: (v, ctx) => [
    ...startDateProblems(v),
    // A child who already lives there started on or before today: a later date is a mistake in
    // one answer or the other, and it decides which visits the council owes.
    ...(v.childLivesThereNow === 'yes' && v.startDate && v.startDate > ctx.today
      ? [
          {
            id: 'startDate',
            parts: DATE_PARTS,
            text: 'Start date must be today or in the past if the child already lives with the carer',
          },
        ]
      : []),
  ],
  toValue: (v) => ({
    childLivesThereNow: v.childLivesThereNow,
    startDate: v.startDate,
    startDateKnown: v.startDate ? true : v.startDateUnknown ? false : undefined,
    intendedDuration: v.intendedDuration,
    purpose: v.purpose,
    immediateSafetyConcern: v.immediateSafetyConcern === 'yes',
  }),
  // "Yes" shows emergency guidance first: this form is not for emergencies. The notification
  // still goes through, flagged as urgent for the designated manager.
  next: (v) => (v.immediateSafetyConcern ? '/urgent-concern' : undefined),
  summary: (v) => [
    {
      key: 'Does the child already live with the carer?',
      field: 'childLivesThereNow',
      lines: line(v?.childLivesThereNow && LIVES_THERE_LABELS[v.childLivesThereNow]),
    },
    {
      key: 'Start date',
      field: 'startDate-day',
      lines: line(formatDate(v?.startDate) ?? (v?.startDateKnown === false ? 'Not known' : undefined)),
    },
    { key: 'How long it is meant to last', field: 'intendedDuration', lines: line(v?.intendedDuration) },
    { key: 'Why it was made', field: 'purpose', lines: line(v?.purpose) },
    {
      key: 'Worried about the child’s safety right now',
      field: 'immediateSafetyConcern',
      lines: line(v ? (v.immediateSafetyConcern ? 'Yes' : 'No') : undefined),
    },
  ],
  viewData: (ctx) => ({
    startDateHint: `For example, 27 3 ${ctx.today.slice(0, 4)}. You can write the month as a word, like March.`,
    yesNoItems: YES_NO.map((value) => ({ value, text: value === 'yes' ? 'Yes' : 'No' })),
    livesThereItems: LIVES_THERE.map((value) => ({ value, text: LIVES_THERE_LABELS[value] })),
  }),
});

/**
 * The checkbox is the "I do not know" answer to the date question: one or the other. With both,
 * which one the notifier meant is a guess, so ask (the GOV.UK way) rather than keep the date.
 */
function startDateProblems(v: { startDate?: string | undefined; startDateUnknown: boolean }) {
  return v.startDate && v.startDateUnknown
    ? [
        {
          id: 'startDate',
          parts: DATE_PARTS,
          text: 'Enter the start date or select ‘I do not know the start date’, not both',
        },
      ]
    : !v.startDate && !v.startDateUnknown
      ? [
          {
            id: 'startDate',
            parts: DATE_PARTS,
            text: 'Enter the date the arrangement started or will start, or select ‘I do not know the start date’',
          },
        ]
      : [];
}
