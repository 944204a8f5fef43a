import * as z from 'zod/mini';
import {
  ELIGIBILITY_CARERS,
  ELIGIBILITY_CHILD_AGES,
  ELIGIBILITY_DISABLED,
  ELIGIBILITY_DURATIONS,
} from '../../../shared/domain/notification.ts';
import { choice } from '../../../shared/web/fields.ts';
import { assessEligibility } from '../eligibility.ts';
import { definePage, line } from '../page.ts';

export const CHILD_AGE_LABELS: Record<(typeof ELIGIBILITY_CHILD_AGES)[number], string> = {
  'under-16': 'Under 16',
  '16-or-17': '16 or 17',
  '18-or-over': '18 or over',
  'not-sure': 'I’m not sure',
};
export const DISABLED_LABELS: Record<(typeof ELIGIBILITY_DISABLED)[number], string> = {
  yes: 'Yes',
  no: 'No',
  'not-sure': 'I’m not sure',
};
export const CARER_LABELS: Record<(typeof ELIGIBILITY_CARERS)[number], string> = {
  parent: 'A parent, or someone with parental responsibility',
  relative: 'A close relative: grandparent, brother, sister, uncle, aunt or step-parent',
  'someone-else': 'Someone else, for example a family friend, cousin, great-aunt or host family',
  'not-sure': 'I’m not sure',
};
export const DURATION_LABELS: Record<(typeof ELIGIBILITY_DURATIONS)[number], string> = {
  '28-days-or-more': '28 days or more',
  'less-than-28-days': 'Less than 28 days',
  'not-sure': 'I’m not sure',
};

const items = <K extends string>(labels: Record<K, string>) =>
  Object.entries(labels).map(([value, text]) => ({ value, text: text as string }));

/** "Is this private fostering?": four questions on one page, explained on the next. */
export const eligibilityPage = definePage({
  id: 'eligibility',
  path: '/is-this-private-fostering',
  template: 'eligibility.njk',
  title: 'Is this private fostering?',
  section: 'Is this private fostering?',
  fields: () =>
    z.object({
      childAge: choice(ELIGIBILITY_CHILD_AGES, 'Select how old the child is'),
      disabled: choice(ELIGIBILITY_DISABLED, 'Select whether the child is disabled'),
      carer: choice(ELIGIBILITY_CARERS, 'Select who is looking after the child'),
      duration: choice(ELIGIBILITY_DURATIONS, 'Select how long the child is staying'),
    }),
  toValue: (v) => {
    // choice() is required here, so each is set once the schema passed.
    const answers = {
      childAge: v.childAge ?? 'not-sure',
      disabled: v.disabled ?? 'not-sure',
      carer: v.carer ?? 'not-sure',
      duration: v.duration ?? 'not-sure',
    };
    return { ...answers, outcome: assessEligibility(answers).outcome };
  },
  next: () => '/is-this-private-fostering/result',
  summary: (v) => [
    { key: 'How old is the child?', field: 'childAge', lines: line(v && CHILD_AGE_LABELS[v.childAge]) },
    { key: 'Is the child disabled?', field: 'disabled', lines: line(v && DISABLED_LABELS[v.disabled]) },
    { key: 'Who is looking after the child?', field: 'carer', lines: line(v && CARER_LABELS[v.carer]) },
    {
      key: 'How long is the child staying?',
      field: 'duration',
      lines: line(v && DURATION_LABELS[v.duration]),
    },
  ],
  viewData: () => ({
    childAgeItems: items(CHILD_AGE_LABELS),
    disabledItems: items(DISABLED_LABELS),
    carerItems: items(CARER_LABELS),
    durationItems: items(DURATION_LABELS),
  }),
});
